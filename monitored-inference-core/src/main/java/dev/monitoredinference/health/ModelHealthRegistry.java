package dev.monitoredinference.health;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The health of every model in the process, for a readiness probe: the worst of the registered
 * models, with each reason prefixed by the model's name. No HTTP server: the host's probe endpoint
 * calls {@link #health()}.
 *
 * <pre>{@code
 * ModelHealthRegistry health = new ModelHealthRegistry();
 * health.register(ranker.name(), ranker);
 * health.register(encoder.name(), encoder);
 * // in the readiness endpoint:
 * return health.health().isReady() ? 200 : 503;
 * }</pre>
 *
 * <p>Thread-safe. {@link #health()} asks every contributor each time; nothing is cached.
 */
public final class ModelHealthRegistry {
  private final Map<String, HealthContributor> models = new ConcurrentSkipListMap<>();

  /**
   * Adds {@code model} under {@code name}.
   *
   * @throws IllegalStateException if {@code name} is registered already
   */
  public void register(String name, HealthContributor model) {
    requireNonNull(name, "name");
    requireNonNull(model, "model");
    if (models.putIfAbsent(name, model) != null) {
      throw new IllegalStateException("a model named '" + name + "' is registered already");
    }
  }

  /** Removes the model registered under {@code name}; false if there was none. */
  public boolean unregister(String name) {
    return models.remove(requireNonNull(name, "name")) != null;
  }

  /** Each registered model's status, by name, in name order. */
  public Map<String, HealthStatus> models() {
    Map<String, HealthStatus> statuses = new LinkedHashMap<>();
    models.forEach((name, model) -> statuses.put(name, HealthStatus.of(model)));
    return statuses;
  }

  /** The worst status of all registered models; {@link HealthStatus#up()} when there are none. */
  public HealthStatus health() {
    List<HealthStatus> named = new ArrayList<>(models.size());
    models().forEach((name, status) -> named.add(status.prefixed(name + ": ")));
    return HealthStatus.worstOf(named);
  }
}
