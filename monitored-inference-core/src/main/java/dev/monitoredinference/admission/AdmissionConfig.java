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
 * <p>Immutable; each setter checks its argument at once.
 */
public final class AdmissionConfig {
  private final int maxConcurrent;
  private final int maxQueue;
  private final Duration queueTimeout;

  private AdmissionConfig(int maxConcurrent, int maxQueue, Duration queueTimeout) {
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
    this.queueTimeout = queueTimeout;
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
    return new AdmissionConfig(calls, 0, Duration.ZERO);
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
    return new AdmissionConfig(maxConcurrent, calls, queueTimeout);
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
    return new AdmissionConfig(maxConcurrent, maxQueue, timeout);
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
        + queueTimeout.toMillis() + " ms";
  }
}
