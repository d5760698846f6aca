package dev.monitoredinference.spring.boot;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Models from {@code monitored-inference.models.*} and text embedders from {@code
 * monitored-inference.embedders.*} as beans, their meters in the application's registry, drained
 * when the application stops (embedders first). Ordered after Boot's metrics so that the registry
 * is the one Boot configured (common tags, filters).
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MonitoredModel.class)
@EnableConfigurationProperties(MonitoredInferenceProperties.class)
@Import(MonitoredModelBeansRegistrar.class)
public class MonitoredInferenceAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MonitoredModelFactory monitoredModelFactory(MonitoredInferenceProperties properties,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<MonitoredModelCustomizer> customizers) {
    return new MonitoredModelFactory(properties, meterRegistry, customizers);
  }

  @Bean
  @ConditionalOnMissingBean
  TextEmbedderFactory textEmbedderFactory(MonitoredInferenceProperties properties,
      ListableBeanFactory beanFactory, ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<MonitoredModelCustomizer> customizers,
      ObjectProvider<TextEmbedderCustomizer> embedderCustomizers) {
    return new TextEmbedderFactory(properties, beanFactory, meterRegistry, customizers,
        embedderCustomizers);
  }

  @Bean
  @ConditionalOnMissingBean
  ModelDrainLifecycle monitoredModelDrainLifecycle(ListableBeanFactory beanFactory,
      MonitoredModelFactory models, TextEmbedderFactory embedders) {
    return new ModelDrainLifecycle(beanFactory, models, embedders);
  }
}
