package dev.monitoredinference.spring.boot;

import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import dev.monitoredinference.embedding.Tokenizer;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.spring.boot.properties.BatchingProperties;
import dev.monitoredinference.spring.boot.properties.EmbedderProperties;
import dev.monitoredinference.spring.boot.properties.EmbeddingCacheProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Applies one embedder's properties, all but the encoder, to its builder. Every value passes
 * through the library's own checks, and a failure names the property ({@link InvalidProperty}).
 */
final class EmbedderPropertiesBinding {
  private final String prefix;
  private final EmbedderProperties properties;

  EmbedderPropertiesBinding(String embedderName, EmbedderProperties properties) {
    this.prefix = prefix(embedderName);
    this.properties = properties;
  }

  /** {@code monitored-inference.embedders.<name>.} */
  static String prefix(String embedderName) {
    return MonitoredInferenceProperties.PREFIX + ".embedders." + embedderName + ".";
  }

  void applyTo(TextEmbedderBuilder builder) {
    if (properties.getShutdownTimeout().isNegative()) {
      throw InvalidProperty.of(prefix + "shutdown-timeout", properties.getShutdownTimeout(),
          "must be >= 0");
    }
    builder.tokenizer(tokenizer());
    builder.pooling(properties.getPooling()).normalize(properties.isNormalize());
    InvalidProperty.check(prefix + "max-tokens", properties.getMaxTokens(),
        () -> builder.maxTokens(properties.getMaxTokens()));
    InvalidProperty.check(prefix + "max-text-length", properties.getMaxTextLength(),
        () -> builder.maxTextLength(properties.getMaxTextLength(), properties.getTextLengthPolicy()));
    if (properties.isAllowEmptyText()) {
      builder.allowEmptyText();
    }
    if (properties.getCache().isEnabled()) {
      builder.cache(cache(properties.getCache()));
    }
    if (properties.getBatching().isEnabled()) {
      builder.batching(batching(properties.getBatching()));
    }
  }

  private Tokenizer tokenizer() {
    Path file = properties.getTokenizer();
    if (file == null) {
      throw InvalidProperty.of(prefix + "tokenizer", null,
          "the embedder needs a tokenizer (a HuggingFace tokenizer.json)");
    }
    if (!Files.isRegularFile(file)) {
      throw InvalidProperty.of(prefix + "tokenizer", file, "no such file");
    }
    try {
      return InvalidProperty.check(prefix + "tokenizer", file, () -> Tokenizers.huggingFace(file));
    } catch (UncheckedIOException e) {
      throw InvalidProperty.of(prefix + "tokenizer", file, e.getMessage());
    }
  }

  private EmbeddingCache cache(EmbeddingCacheProperties p) {
    // The size alone first, so a bad size is blamed on max-size, not on expire-after-write.
    EmbeddingCache bySize = InvalidProperty.check(prefix + "cache.max-size", p.getMaxSize(),
        () -> EmbeddingCache.caffeine(p.getMaxSize()));
    Duration expiry = p.getExpireAfterWrite();
    return expiry == null ? bySize : InvalidProperty.check(prefix + "cache.expire-after-write",
        expiry, () -> EmbeddingCache.caffeine(p.getMaxSize(), expiry));
  }

  private BatchingConfig batching(BatchingProperties p) {
    String at = prefix + "batching.";
    BatchingConfig sized = InvalidProperty.check(at + "max-batch", p.getMaxBatch(),
        () -> BatchingConfig.maxBatch(p.getMaxBatch()));
    BatchingConfig delayed = InvalidProperty.check(at + "max-delay", p.getMaxDelay(),
        () -> sized.maxDelay(p.getMaxDelay()));
    Integer maxQueue = p.getMaxQueue();
    return maxQueue == null ? delayed : InvalidProperty.check(at + "max-queue", maxQueue,
        () -> delayed.maxQueue(maxQueue));
  }
}
