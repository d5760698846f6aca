package dev.monitoredinference.batching;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Dynamic micro-batching settings: concurrent callers are grouped into one run of up to {@code
 * maxBatch} items, waiting at most {@code maxDelay} for the batch to fill; at most {@code maxQueue}
 * items wait at once, and a call beyond that is refused at once with {@code
 * ModelOverloadedException}.
 *
 * <pre>{@code
 * TextEmbedder.builder("query-encoder")
 *     .batching(BatchingConfig.maxBatch(32).maxDelay(Duration.ofMillis(2)))
 *     ...
 * }</pre>
 *
 * <p>{@code maxDelay(ZERO)} batches only what is already waiting when a run can start. Immutable;
 * each setter checks its argument at once.
 */
public final class BatchingConfig {
  private final int maxBatch;
  private final Duration maxDelay;
  private final int maxQueue;

  private BatchingConfig(int maxBatch, Duration maxDelay, int maxQueue) {
    this.maxBatch = maxBatch;
    this.maxDelay = maxDelay;
    this.maxQueue = maxQueue;
  }

  /**
   * Runs of at most {@code items}; a 2 ms delay and a queue of 16 batches unless set.
   *
   * @throws IllegalArgumentException if {@code items <= 0}
   */
  public static BatchingConfig maxBatch(int items) {
    if (items <= 0) {
      throw new IllegalArgumentException("maxBatch must be > 0, but was " + items);
    }
    return new BatchingConfig(items, Duration.ofMillis(2), items * 16);
  }

  /**
   * How long the first item of a batch waits for more; {@link Duration#ZERO}: not at all.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public BatchingConfig maxDelay(Duration delay) {
    requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must be >= 0, but was " + delay);
    }
    return new BatchingConfig(maxBatch, delay, maxQueue);
  }

  /**
   * How many items may wait for a run at once.
   *
   * @throws IllegalArgumentException if {@code items <= 0}
   */
  public BatchingConfig maxQueue(int items) {
    if (items <= 0) {
      throw new IllegalArgumentException("maxQueue must be > 0, but was " + items);
    }
    return new BatchingConfig(maxBatch, maxDelay, items);
  }

  public int maxBatch() {
    return maxBatch;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  public int maxQueue() {
    return maxQueue;
  }

  @Override
  public String toString() {
    return "maxBatch " + maxBatch + ", maxDelay " + maxDelay.toNanos() / 1e6 + " ms, maxQueue "
        + maxQueue;
  }
}
