package dev.monitoredinference.admission;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.InferenceInterceptor;
import java.time.Duration;

/**
 * A per-model concurrency limit with a bounded wait queue: at most {@code maxConcurrent} calls run
 * at once, at most {@code maxQueue} more wait, each for at most {@code queueTimeout}; anything
 * beyond is refused at once with {@code ModelOverloadedException} and counted in {@code
 * monitored.inference.rejections{reason=overloaded|queue_timeout}}. Accepted plus rejected always
 * equals attempted.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .admission(AdmissionConfig.maxConcurrent(8).maxQueue(32).queueTimeout(Duration.ofMillis(20)))
 *     ...
 * }</pre>
 *
 * <p>With a batch lane ({@link #batchLane}), calls made at {@code Priority.BATCH} hold at most
 * the lane's share of the slots and wait in the lane's own queue, so the rest of the slots stay
 * free for interactive calls: under a batch flood the batch calls are the ones refused.
 *
 * <pre>{@code
 * AdmissionConfig.maxConcurrent(8).maxQueue(32).queueTimeout(Duration.ofMillis(20))
 *     .batchLane(4, 16)        // batch calls: at most 4 of the 8 slots, 16 waiting
 * }</pre>
 *
 * <p>Immutable; each setter checks its argument at once.
 */
public final class AdmissionConfig {
  private final int maxConcurrent;
  private final int maxQueue;
  private final Duration queueTimeout;
  private final int batchMaxConcurrent;
  private final int batchMaxQueue;

  private AdmissionConfig(int maxConcurrent, int maxQueue, Duration queueTimeout, int batchMaxConcurrent,
      int batchMaxQueue) {
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
    this.queueTimeout = queueTimeout;
    this.batchMaxConcurrent = batchMaxConcurrent;
    this.batchMaxQueue = batchMaxQueue;
  }

  /**
   * At most {@code calls} running at once, no queue.
   *
   * @throws IllegalArgumentException if {@code calls <= 0}
   */
  public static AdmissionConfig maxConcurrent(int calls) {
    if (calls <= 0) {
      throw new IllegalArgumentException("maxConcurrent must be > 0, but was " + calls);
    }
    return new AdmissionConfig(calls, 0, Duration.ZERO, 0, 0);
  }

  /**
   * Up to {@code calls} more may wait for a slot (0: none wait).
   *
   * @throws IllegalArgumentException if {@code calls < 0}
   */
  public AdmissionConfig maxQueue(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("maxQueue must be >= 0, but was " + calls);
    }
    return new AdmissionConfig(maxConcurrent, calls, queueTimeout, batchMaxConcurrent, batchMaxQueue);
  }

  /**
   * How long a queued call may wait for a slot.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public AdmissionConfig queueTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("queueTimeout must be >= 0, but was " + timeout);
    }
    return new AdmissionConfig(maxConcurrent, maxQueue, timeout, batchMaxConcurrent, batchMaxQueue);
  }

  /**
   * A lane for {@code Priority.BATCH} calls: they hold at most {@code maxConcurrent} of the slots,
   * at most {@code maxQueue} more of them wait (each for at most {@link #queueTimeout}), and
   * anything beyond is refused at once; the other slots are kept for interactive calls, which may
   * also use the lane's slots when batch calls leave them free.
   *
   * @throws IllegalArgumentException unless {@code 0 < maxConcurrent < } the model's limit (an
   *     interactive call must keep at least one slot), or if {@code maxQueue < 0}
   */
  public AdmissionConfig batchLane(int maxConcurrent, int maxQueue) {
    if (maxConcurrent <= 0 || maxConcurrent >= this.maxConcurrent) {
      throw new IllegalArgumentException("batchLane maxConcurrent must be in [1, " + (this.maxConcurrent - 1)
          + "] so that interactive calls keep a slot of the " + this.maxConcurrent + ", but was " + maxConcurrent);
    }
    if (maxQueue < 0) {
      throw new IllegalArgumentException("batchLane maxQueue must be >= 0, but was " + maxQueue);
    }
    return new AdmissionConfig(this.maxConcurrent, this.maxQueue, queueTimeout, maxConcurrent, maxQueue);
  }

  /** The slots batch calls may hold; 0 without a batch lane (batch calls are admitted like the rest). */
  public int batchMaxConcurrent() {
    return batchMaxConcurrent;
  }

  /** How many batch calls may wait; 0 without a batch lane. */
  public int batchMaxQueue() {
    return batchMaxQueue;
  }

  public int maxConcurrent() {
    return maxConcurrent;
  }

  public int maxQueue() {
    return maxQueue;
  }

  public Duration queueTimeout() {
    return queueTimeout;
  }

  /** The admission link for model {@code modelName}; one per model, it holds the permits. */
  public InferenceInterceptor interceptor(String modelName) {
    return new AdmissionInterceptor(requireNonNull(modelName, "modelName"), this);
  }

  @Override
  public String toString() {
    return "maxConcurrent " + maxConcurrent + ", maxQueue " + maxQueue + ", queueTimeout "
        + queueTimeout.toMillis() + " ms"
        + (batchMaxConcurrent == 0 ? "" : ", batch lane " + batchMaxConcurrent + " + " + batchMaxQueue + " waiting");
  }
}
