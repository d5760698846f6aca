package dev.monitoredinference.spring.boot.observation;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.MonitoredModelCustomizer;
import dev.monitoredinference.spring.boot.TextEmbedderCustomizer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With an {@link ObservationRegistry} bean, every model and embedder call is also an Observation:
 * Boot's tracing turns it into a span with the OTel module's attributes ({@code predict ranker},
 * {@code embeddings query-encoder}). Off with {@code
 * monitored-inference.observations.enabled=false}.
 */
@AutoConfiguration(afterName =
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({MonitoredModel.class, ObservationRegistry.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "monitored-inference.observations", name = "enabled",
    matchIfMissing = true)
public class MonitoredInferenceObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "monitoredInferenceObservations")
  MonitoredModelCustomizer monitoredInferenceObservations(ObservationRegistry registry,
      ObjectProvider<InferenceObservationConvention> convention) {
    ObservingInterceptor interceptor = new ObservingInterceptor(registry, convention.getIfUnique());
    return (name, builder) -> builder.addInterceptor(interceptor);
  }

  @Bean
  @ConditionalOnMissingBean(name = "monitoredInferenceEmbedderObservations")
  TextEmbedderCustomizer monitoredInferenceEmbedderObservations(ObservationRegistry registry,
      ObjectProvider<InferenceObservationConvention> convention) {
    ObservingInterceptor interceptor = new ObservingInterceptor(registry, convention.getIfUnique());
    return (name, builder) -> builder.addInterceptor(interceptor);
  }

  /** The library's meters are the metric contract: no second timer per call from Boot's handler. */
  @Bean
  @ConditionalOnMissingBean(name = "monitoredInferenceObservationMeters")
  MeterFilter monitoredInferenceObservationMeters() {
    return MeterFilter.denyNameStartsWith(DefaultInferenceObservationConvention.NAME);
  }
}
