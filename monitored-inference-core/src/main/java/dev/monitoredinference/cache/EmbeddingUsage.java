package dev.monitoredinference.cache;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CacheResult;
import org.jspecify.annotations.Nullable;

/**
 * What one text-embedding call used: whether the cache answered it, and how many tokens the
 * encoder ran for it (cache hits cost none). A {@code TextEmbedder} attaches it to every
 * prediction of its chain ({@code prediction.attribute(EmbeddingUsage.class)}); its request timer
 * reads the cache result ({@code cache.result} tag), its outcome counter the tokens ({@code
 * monitored.inference.input.tokens}) and tracing both. Lives beside the cache so that the metrics
 * can read it without depending on the embedder.
 *
 * <p>Immutable.
 */
public final class EmbeddingUsage {
  private final CacheResult cacheResult;
  private final long inputTokens;

  private EmbeddingUsage(CacheResult cacheResult, long inputTokens) {
    this.cacheResult = cacheResult;
    this.inputTokens = inputTokens;
  }

  /**
   * A call answered with {@code cacheResult} that ran {@code inputTokens} tokens through the
   * encoder.
   *
   * @throws IllegalArgumentException if {@code inputTokens < 0}
   */
  public static EmbeddingUsage of(CacheResult cacheResult, long inputTokens) {
    requireNonNull(cacheResult, "cacheResult");
    if (inputTokens < 0) {
      throw new IllegalArgumentException("inputTokens must be >= 0, but was " + inputTokens);
    }
    return new EmbeddingUsage(cacheResult, inputTokens);
  }

  /** {@link CacheResult#NONE} without a cache, else {@code HIT} (no text ran) or {@code MISS}. */
  public CacheResult cacheResult() {
    return cacheResult;
  }

  /** The tokens of the texts the encoder ran for this call, special tokens included. */
  public long inputTokens() {
    return inputTokens;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof EmbeddingUsage
        && ((EmbeddingUsage) other).cacheResult == cacheResult
        && ((EmbeddingUsage) other).inputTokens == inputTokens;
  }

  @Override
  public int hashCode() {
    return 31 * cacheResult.hashCode() + Long.hashCode(inputTokens);
  }

  @Override
  public String toString() {
    return "cache " + cacheResult.tagValue() + ", " + inputTokens + " input tokens";
  }
}
