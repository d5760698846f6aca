package dev.monitoredinference.spring.boot;

import dev.monitoredinference.embedding.TextEmbedderBuilder;

/**
 * Adds what properties cannot say to an embedder the starter builds: interceptors, drift, abuse
 * detection, a batch tracer. Customizer beans run in {@code @Order}, after the properties, the
 * meter registry and the encoder have been applied, once per embedder. (An embedder's own encoder
 * is a model: {@link MonitoredModelCustomizer}s run on it under the name {@code <embedder>-encoder}.)
 *
 * <pre>{@code
 * @Bean
 * TextEmbedderCustomizer queryDrift() {
 *   return (name, builder) -> {
 *     if (name.equals("query-encoder")) {
 *       builder.drift(DriftConfig.builder().embedding("embedding").build());
 *     }
 *   };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TextEmbedderCustomizer {
  /** Changes {@code builder}, the builder of the embedder called {@code embedderName}. */
  void customize(String embedderName, TextEmbedderBuilder builder);
}
