package dev.monitoredinference.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A bounded cache of embedding vectors, backed by Caffeine. Keys are a keyed hash (HMAC-SHA256
 * under a random per-cache secret) of a scope (model digest, tokenizer identity, pooling settings)
 * and the normalised text: a new model version can never be served another version's vectors, and
 * raw queries are not retained.
 *
 * <pre>{@code
 * TextEmbedder.builder("query-encoder")
 *     .cache(EmbeddingCache.caffeine(100_000, Duration.ofHours(6)))
 *     ...
 * }</pre>
 *
 * <p>Concurrent misses for one key compute once: the first caller computes, the others wait for
 * its vector (or its failure, which is not cached). Vectors are copied in and out, so no caller can
 * change what another reads. Thread-safe; maintenance (eviction) runs on the callers' threads.
 */
public final class EmbeddingCache {
  /** Bytes an entry costs besides its vector: key, array header, map node (estimate). */
  private static final int ENTRY_OVERHEAD_BYTES = 96;

  private final AsyncCache<CacheKey, float[]> cache;
  private final CacheKey.Hasher hasher = new CacheKey.Hasher();
  private final String description;

  private EmbeddingCache(Caffeine<Object, Object> settings, String description) {
    this.cache = settings.executor(Runnable::run).recordStats().buildAsync();
    this.description = description;
  }

  /**
   * At most {@code maxEntries} vectors, least valuable evicted first (Caffeine's W-TinyLFU), none
   * expiring.
   *
   * @throws IllegalArgumentException if {@code maxEntries <= 0}
   */
  public static EmbeddingCache caffeine(long maxEntries) {
    return new EmbeddingCache(
        Caffeine.newBuilder().maximumSize(positive("maxEntries", maxEntries)),
        "maxEntries " + maxEntries);
  }

  /**
   * At most {@code maxEntries} vectors, each dropped {@code expireAfterWrite} after it was
   * computed.
   *
   * @throws IllegalArgumentException if {@code maxEntries <= 0} or {@code expireAfterWrite} is not
   *     positive
   */
  public static EmbeddingCache caffeine(long maxEntries, Duration expireAfterWrite) {
    return new EmbeddingCache(
        Caffeine.newBuilder()
            .maximumSize(positive("maxEntries", maxEntries))
            .expireAfterWrite(positive("expireAfterWrite", expireAfterWrite)),
        "maxEntries " + maxEntries + ", expireAfterWrite " + expireAfterWrite);
  }

  /**
   * Vectors weighing at most {@code maxBytes} in all (4 bytes per dimension plus about 96 per
   * entry), each dropped {@code expireAfterWrite} after it was computed.
   *
   * @throws IllegalArgumentException if {@code maxBytes <= 0} or {@code expireAfterWrite} is not
   *     positive
   */
  public static EmbeddingCache caffeineWeighted(long maxBytes, Duration expireAfterWrite) {
    return new EmbeddingCache(
        Caffeine.newBuilder()
            .maximumWeight(positive("maxBytes", maxBytes))
            .weigher((Object key, Object vector) -> ENTRY_OVERHEAD_BYTES + 4 * ((float[]) vector).length)
            .expireAfterWrite(positive("expireAfterWrite", expireAfterWrite)),
        "maxBytes " + maxBytes + ", expireAfterWrite " + expireAfterWrite);
  }

  /**
   * Looks up {@code text} within {@code scope}, claiming the entry if it is absent. The caller of
   * a claimed lookup ({@link Lookup#claimed()}) must {@link Lookup#complete} or {@link Lookup#fail}
   * it; others {@link Lookup#join}.
   */
  public Lookup lookup(String scope, String text) {
    CacheKey key = hasher.key(requireNonNull(scope, "scope"), requireNonNull(text, "text"));
    CompletableFuture<float[]> claim = new CompletableFuture<>();
    CompletableFuture<float[]> entry = cache.get(key, (k, executor) -> claim);
    return new Lookup(this, key, entry, entry == claim);
  }

  /** The number of vectors held, approximately (pending evictions may still count). */
  public long estimatedSize() {
    return cache.synchronous().estimatedSize();
  }

  /** Drops every vector. */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  /**
   * Registers Micrometer's cache meters ({@code cache.gets{result}}, {@code cache.puts}, {@code
   * cache.evictions}, {@code cache.size}, ...) tagged {@code cache=cacheName}.
   */
  public void bindTo(MeterRegistry registry, String cacheName, Iterable<Tag> tags) {
    CaffeineCacheMetrics.monitor(requireNonNull(registry, "registry"), cache, cacheName, tags);
  }

  @Override
  public String toString() {
    return "EmbeddingCache[" + description + "]";
  }

  /** One key's entry: a vector to wait for, or a claim to fill. Used by one caller. */
  public static final class Lookup {
    private final EmbeddingCache owner;
    private final CacheKey key;
    private final CompletableFuture<float[]> entry;
    private final boolean claimed;

    private Lookup(EmbeddingCache owner, CacheKey key, CompletableFuture<float[]> entry, boolean claimed) {
      this.owner = owner;
      this.key = key;
      this.entry = entry;
      this.claimed = claimed;
    }

    /** True if the key was absent and this caller must compute it. */
    public boolean claimed() {
      return claimed;
    }

    /** Stores a copy of {@code vector} and releases the callers waiting for it. */
    public void complete(float[] vector) {
      entry.complete(vector.clone());
    }

    /**
     * Hands a copy of {@code vector} to the callers waiting for it without keeping it: it was
     * computed by another version than the key names (a canary, a swap in progress).
     */
    public void completeUncached(float[] vector) {
      entry.complete(vector.clone());
      owner.cache.asMap().remove(key, entry);
    }

    /** Releases the waiting callers with {@code failure}; nothing is cached. */
    public void fail(RuntimeException failure) {
      entry.completeExceptionally(failure);
    }

    /**
     * A copy of the vector, waiting for the caller computing it if need be.
     *
     * @throws RuntimeException the failure of the caller that computed it
     */
    public float[] join() {
      try {
        return entry.join().clone();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException ? (RuntimeException) cause : e;
      }
    }
  }

  private static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }

  private static Duration positive(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }
}
