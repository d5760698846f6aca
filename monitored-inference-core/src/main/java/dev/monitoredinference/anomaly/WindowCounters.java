package dev.monitoredinference.anomaly;

import dev.monitoredinference.ErrorType;
import java.util.concurrent.atomic.LongAdder;

/**
 * What calls record on the hot path: one {@link LongAdder} increment per call (a latency bucket
 * for a success, a failure or invalid-input count otherwise). The adders are cumulative and never
 * reset; closing a window takes the difference from the previous close, so a call that races with
 * the close is counted in the next window instead of being lost.
 */
final class WindowCounters {
  private final LongAdder[] latencyBuckets = new LongAdder[LatencyHistogram.BUCKETS];
  private final LongAdder failed = new LongAdder();
  private final LongAdder invalid = new LongAdder();
  private final long[] closedBuckets = new long[LatencyHistogram.BUCKETS];
  private final long[] windowBuckets = new long[LatencyHistogram.BUCKETS];
  private long closedFailed;
  private long closedInvalid;

  WindowCounters() {
    for (int i = 0; i < latencyBuckets.length; i++) {
      latencyBuckets[i] = new LongAdder();
    }
  }

  /** Counts one call that ended with {@code outcome} after {@code nanos}. Thread-safe. */
  void record(ErrorType outcome, long nanos) {
    if (outcome == ErrorType.NONE) {
      latencyBuckets[LatencyHistogram.bucket(nanos)].increment();
    } else if (outcome == ErrorType.INVALID_INPUT) {
      invalid.increment();
    } else {
      failed.increment();
    }
  }

  /** The calls since the previous close. Not thread-safe: one closer at a time. */
  WindowAggregate close() {
    long succeeded = 0;
    for (int i = 0; i < latencyBuckets.length; i++) {
      long now = latencyBuckets[i].sum();
      windowBuckets[i] = now - closedBuckets[i];
      closedBuckets[i] = now;
      succeeded += windowBuckets[i];
    }
    long failedNow = failed.sum();
    long invalidNow = invalid.sum();
    WindowAggregate window =
        new WindowAggregate(succeeded, failedNow - closedFailed, invalidNow - closedInvalid,
            LatencyHistogram.quantileSeconds(windowBuckets, 0.95));
    closedFailed = failedNow;
    closedInvalid = invalidNow;
    return window;
  }
}
