package dev.monitoredinference.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.spring.boot.properties.ModelProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds the models named under {@code monitored-inference.models}: properties first, then the
 * application's {@link MeterRegistry} (if it has exactly one, or a primary one), then every
 * {@link MonitoredModelCustomizer}. The starter calls {@link #build} once per model bean.
 *
 * <p>Thread-safe.
 */
public class MonitoredModelFactory {
  private final MonitoredInferenceProperties properties;
  private final ObjectProvider<MeterRegistry> meterRegistry;
  private final ObjectProvider<MonitoredModelCustomizer> customizers;

  public MonitoredModelFactory(MonitoredInferenceProperties properties,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<MonitoredModelCustomizer> customizers) {
    this.properties = requireNonNull(properties, "properties");
    this.meterRegistry = requireNonNull(meterRegistry, "meterRegistry");
    this.customizers = requireNonNull(customizers, "customizers");
  }

  /** The names of the configured models. */
  public Set<String> modelNames() {
    return properties.getModels().keySet();
  }

  /**
   * Builds and loads the model {@code name}.
   *
   * @throws IllegalArgumentException if no model {@code name} is configured
   * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
   *     naming the property whose value the library refused
   */
  public MonitoredModel build(String name) {
    ModelProperties model = modelProperties(name);
    MonitoredModelBuilder builder = MonitoredModel.builder(name);
    new ModelPropertiesBinding(name, model).applyTo(builder);
    MeterRegistry registry = meterRegistry.getIfUnique();
    if (registry != null) {
      builder.metrics(registry);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(name, builder));
    return builder.build();
  }

  /** How long the model {@code name} may drain when the application stops; 30 s for others. */
  public Duration shutdownTimeout(String name) {
    ModelProperties model = properties.getModels().get(name);
    return model == null ? Duration.ofSeconds(30) : model.getShutdownTimeout();
  }

  private ModelProperties modelProperties(String name) {
    ModelProperties model = properties.getModels().get(requireNonNull(name, "name"));
    if (model == null) {
      throw new IllegalArgumentException("no model '" + name + "' under "
          + MonitoredInferenceProperties.PREFIX + ".models; configured: " + modelNames());
    }
    return model;
  }
}
