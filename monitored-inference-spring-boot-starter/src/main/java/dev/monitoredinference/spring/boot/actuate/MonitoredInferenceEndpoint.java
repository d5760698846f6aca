package dev.monitoredinference.spring.boot.actuate;

import dev.monitoredinference.MonitoredModel;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The Actuator endpoint {@code monitoredinference}: every model bean's version, digest, provider,
 * device fallback, health, breaker state and drift summary. Read-only; {@link
 * MonitoredInferenceAdminEndpoint} adds the admin operations when the application opts in.
 *
 * <p>{@code GET /actuator/monitoredinference} lists all; {@code .../monitoredinference/ranker}
 * one (404 when unknown). Expose it with {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "monitoredinference")
public class MonitoredInferenceEndpoint {
  private final ObjectProvider<MonitoredModel> models;

  public MonitoredInferenceEndpoint(ObjectProvider<MonitoredModel> models) {
    this.models = models;
  }

  /** All models, by name. */
  @ReadOperation
  public ModelsDescriptor models() {
    Map<String, ModelDescriptor> byName = new TreeMap<>();
    models.orderedStream().filter(model -> !model.isClosed())
        .forEach(model -> byName.put(model.name(), ModelDescriptor.of(model)));
    return new ModelsDescriptor(byName);
  }

  /** One model; {@code null} (404) when there is none of that name. */
  @ReadOperation
  public @Nullable ModelDescriptor model(@Selector String name) {
    MonitoredModel model = find(name);
    return model == null ? null : ModelDescriptor.of(model);
  }

  /** The open model bean called {@code name}, if any. */
  final @Nullable MonitoredModel find(String name) {
    return models.orderedStream()
        .filter(model -> model.name().equals(name) && !model.isClosed())
        .findFirst().orElse(null);
  }

  /** The endpoint's answer: models by name. */
  public record ModelsDescriptor(Map<String, ModelDescriptor> models) {}
}
