package dev.monitoredinference.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.health.HealthStatus;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One model's (or embedder's) health for Actuator. {@code UP} is {@code UP}; {@code DOWN} is {@code DOWN};
 * {@code DEGRADED} is {@code UP} with {@code state: DEGRADED} and the reasons in the details.
 *
 * <p>Why not a custom {@code DEGRADED} status: a degraded model still serves (on the CPU instead
 * of the GPU, through a fallback, with an anomaly firing), so the instance must stay in the load
 * balancer and the readiness probe must answer 200. Boot's aggregation and HTTP mapping know only
 * their own statuses; a custom one would need {@code status.order} and {@code http-mapping} set in
 * every application to be safe. {@code UP} with details is right with no configuration, and the
 * details still tell an operator what is wrong.
 */
public final class ModelHealthIndicator implements HealthIndicator {
  private final HealthContributor contributor;
  private final BooleanSupplier closed;
  private final Supplier<ModelVersion> version;

  /** The health of {@code model}. */
  public ModelHealthIndicator(MonitoredModel model) {
    this(requireNonNull(model, "model"), model::isClosed, model::version);
  }

  /** The health of {@code embedder}: its encoder's, batcher's and drift's; its encoder's version. */
  public ModelHealthIndicator(TextEmbedder embedder) {
    this(requireNonNull(embedder, "embedder"), embedder::isClosed, embedder::version);
  }

  private ModelHealthIndicator(HealthContributor contributor, BooleanSupplier closed,
      Supplier<ModelVersion> version) {
    this.contributor = contributor;
    this.closed = closed;
    this.version = version;
  }

  @Override
  public Health health() {
    HealthStatus status = contributor.health();
    Health.Builder health;
    switch (status.state()) {
      case UP:
        health = Health.up();
        break;
      case DEGRADED:
        health = Health.up().withDetail("reasons", status.reasons());
        break;
      default:
        health = Health.down().withDetail("reasons", status.reasons());
    }
    health.withDetail("state", status.state().name());
    if (!closed.getAsBoolean()) {
      ModelVersion current = version.get();
      health.withDetail("version", current.version())
          .withDetail("provider", current.executionProvider().tagValue());
    }
    return health.build();
  }
}
