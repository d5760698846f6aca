package dev.monitoredinference.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import dev.monitoredinference.spring.boot.properties.EmbedderProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds the embedders named under {@code monitored-inference.embedders}: the encoder (a model
 * bean, or the embedder's own, built like a model bean: meters, then every {@link
 * MonitoredModelCustomizer} under the name {@code <embedder>-encoder}), the properties, the
 * application's {@link MeterRegistry}, then every {@link TextEmbedderCustomizer}. The starter
 * calls {@link #build} once per embedder bean.
 *
 * <p>Thread-safe.
 */
public class TextEmbedderFactory {
  /** The suffix of an embedder's own encoder's name, its {@code model} tag. */
  public static final String OWN_ENCODER_SUFFIX = "-encoder";

  private final MonitoredInferenceProperties properties;
  private final ListableBeanFactory beans;
  private final ObjectProvider<MeterRegistry> meterRegistry;
  private final ObjectProvider<MonitoredModelCustomizer> customizers;
  private final ObjectProvider<TextEmbedderCustomizer> embedderCustomizers;

  public TextEmbedderFactory(MonitoredInferenceProperties properties, ListableBeanFactory beans,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<MonitoredModelCustomizer> customizers,
      ObjectProvider<TextEmbedderCustomizer> embedderCustomizers) {
    this.properties = requireNonNull(properties, "properties");
    this.beans = requireNonNull(beans, "beans");
    this.meterRegistry = requireNonNull(meterRegistry, "meterRegistry");
    this.customizers = requireNonNull(customizers, "customizers");
    this.embedderCustomizers = requireNonNull(embedderCustomizers, "embedderCustomizers");
  }

  /** The names of the configured embedders. */
  public Set<String> embedderNames() {
    return properties.getEmbedders().keySet();
  }

  /**
   * Builds the embedder {@code name}, loading its own encoder if it has one.
   *
   * @throws IllegalArgumentException if no embedder {@code name} is configured
   * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
   *     naming the property whose value the library refused
   */
  public TextEmbedder build(String name) {
    EmbedderProperties embedder = properties.getEmbedders().get(requireNonNull(name, "name"));
    if (embedder == null) {
      throw new IllegalArgumentException("no embedder '" + name + "' under "
          + MonitoredInferenceProperties.PREFIX + ".embedders; configured: " + embedderNames());
    }
    TextEmbedderBuilder builder = TextEmbedder.builder(name);
    new EmbedderPropertiesBinding(name, embedder).applyTo(builder);
    MeterRegistry registry = meterRegistry.getIfUnique();
    if (registry != null) {
      builder.metrics(registry);
    }
    String model = embedder.getModel();
    if (model == null && embedder.getFile() == null && embedder.getRepository() == null) {
      throw InvalidProperty.of(EmbedderPropertiesBinding.prefix(name) + "model", null,
          "the embedder needs an encoder: model (a model bean), or its own file or repository");
    }
    if (model != null) {
      builder.model(sharedEncoder(name, model, embedder));
    } else {
      builder.model(ownEncoder(name, embedder, registry));
    }
    embedderCustomizers.orderedStream().forEach(customizer -> customizer.customize(name, builder));
    return builder.build();
  }

  /** How long the embedder {@code name} may drain when the application stops; 30 s for others. */
  public Duration shutdownTimeout(String name) {
    EmbedderProperties embedder = properties.getEmbedders().get(name);
    return embedder == null ? Duration.ofSeconds(30) : embedder.getShutdownTimeout();
  }

  private MonitoredModel sharedEncoder(String name, String model, EmbedderProperties embedder) {
    String prefix = EmbedderPropertiesBinding.prefix(name);
    if (embedder.getFile() != null || embedder.getRepository() != null) {
      throw InvalidProperty.of(prefix + "model", model,
          "give either model (a model bean) or file/repository (the embedder's own), not both");
    }
    try {
      return beans.getBean(model, MonitoredModel.class);
    } catch (BeanNotOfRequiredTypeException e) {
      throw InvalidProperty.of(prefix + "model", model, "the bean '" + model + "' is a "
          + e.getActualType().getName() + ", not a MonitoredModel");
    } catch (NoSuchBeanDefinitionException e) {
      throw InvalidProperty.of(prefix + "model", model, "no MonitoredModel bean named '" + model
          + "'; model beans: " + Arrays.toString(beans.getBeanNamesForType(MonitoredModel.class)));
    }
  }

  private MonitoredModelBuilder ownEncoder(String name, EmbedderProperties embedder,
      @Nullable MeterRegistry registry) {
    String encoderName = name + OWN_ENCODER_SUFFIX;
    MonitoredModelBuilder encoder = MonitoredModel.builder(encoderName);
    ModelSource.apply(EmbedderPropertiesBinding.prefix(name), embedder.getFile(),
        embedder.getRepository(), embedder.getPin(), encoder);
    if (registry != null) {
      encoder.metrics(registry);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(encoderName, encoder));
    return encoder;
  }
}
