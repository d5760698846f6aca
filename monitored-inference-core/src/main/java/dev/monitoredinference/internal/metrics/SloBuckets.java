package dev.monitoredinference.internal.metrics;

import java.time.Duration;

/**
 * The explicit histogram buckets of the duration timers, in seconds: sub-10 ms resolution for GPU
 * calls, and the likely SLO thresholds (20, 50, 100, 250 ms) as exact boundaries so that
 * latency SLIs computed from {@code _bucket} series are exact.
 */
final class SloBuckets {
  private static final double[] SECONDS = {
    0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5,
    1, 2.5
  };

  private SloBuckets() {}

  static Duration[] durations() {
    Duration[] buckets = new Duration[SECONDS.length];
    for (int i = 0; i < SECONDS.length; i++) {
      buckets[i] = Duration.ofNanos(Math.round(SECONDS[i] * 1e9));
    }
    return buckets;
  }
}
