package dev.monitoredinference.spring.boot.properties;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code monitored-inference.embedders.<name>.batching.*}; see {@code BatchingConfig}. */
public class BatchingProperties {
  /** Whether concurrent calls are grouped into batched encoder runs. */
  private boolean enabled = false;

  /** The most texts in one run. */
  private int maxBatch = 32;

  /** How long the first text of a batch waits for more; 0: only what is already waiting. */
  private Duration maxDelay = Duration.ofMillis(2);

  /** How many texts may wait at once; more are refused. Unset: 16 runs' worth (16 x max-batch). */
  private @Nullable Integer maxQueue;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getMaxBatch() {
    return maxBatch;
  }

  public void setMaxBatch(int maxBatch) {
    this.maxBatch = maxBatch;
  }

  public Duration getMaxDelay() {
    return maxDelay;
  }

  public void setMaxDelay(Duration maxDelay) {
    this.maxDelay = maxDelay;
  }

  public @Nullable Integer getMaxQueue() {
    return maxQueue;
  }

  public void setMaxQueue(@Nullable Integer maxQueue) {
    this.maxQueue = maxQueue;
  }
}
