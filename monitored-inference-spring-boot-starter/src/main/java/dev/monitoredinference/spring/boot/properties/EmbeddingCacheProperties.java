package dev.monitoredinference.spring.boot.properties;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code monitored-inference.embedders.<name>.cache.*}; see {@code EmbeddingCache.caffeine}. */
public class EmbeddingCacheProperties {
  /** Whether vectors are cached. */
  private boolean enabled = false;

  /** The most vectors held; the least valuable are evicted first. */
  private long maxSize = 10_000;

  /** How long after it was computed a vector is dropped; unset: never. */
  private @Nullable Duration expireAfterWrite;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public long getMaxSize() {
    return maxSize;
  }

  public void setMaxSize(long maxSize) {
    this.maxSize = maxSize;
  }

  public @Nullable Duration getExpireAfterWrite() {
    return expireAfterWrite;
  }

  public void setExpireAfterWrite(@Nullable Duration expireAfterWrite) {
    this.expireAfterWrite = expireAfterWrite;
  }
}
