package dev.monitoredinference.spring.boot;

import dev.monitoredinference.MonitoredModelBuilder;

/**
 * Adds what properties cannot say to a model the starter builds: a breaker fallback, interceptors,
 * alert and drift listeners, health contributors. Customizer beans run in {@code @Order}, after
 * the properties and the meter registry have been applied, once per model.
 *
 * <pre>{@code
 * @Bean
 * MonitoredModelCustomizer rankerFallback() {
 *   return (name, builder) -> {
 *     if (name.equals("ranker")) {
 *       builder.circuitBreaker(CircuitBreakerConfig.ofDefaults().fallback(popularity::scores));
 *     }
 *   };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MonitoredModelCustomizer {
  /** Changes {@code builder}, the builder of the model called {@code modelName}. */
  void customize(String modelName, MonitoredModelBuilder builder);
}
