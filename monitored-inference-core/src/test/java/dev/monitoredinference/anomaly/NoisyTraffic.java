package dev.monitoredinference.anomaly;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.Fakes;
import dev.monitoredinference.ModelVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded, realistic traffic fed straight into a detector's recording path, window by window: a
 * Poisson-like call count around a slowly swinging rate (±20 % over 240 windows), lognormal
 * latencies (median 5 ms, σ 0.5 in log space) and independent failures. Tests scale the latency,
 * the error probability or the rate at any window.
 */
final class NoisyTraffic {
  static final Duration WINDOW = Duration.ofSeconds(10);
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final Random random;
  private long now;
  final List<Alert> alerts = new ArrayList<>();
  final AnomalyDetector detector;
  int windows;
  double rate = 500;
  double latencyFactor = 1;
  double errorProbability = 0.01;

  NoisyTraffic() {
    this(20260101L);
  }

  NoisyTraffic(long seed) {
    random = new Random(seed);
    ModelVersion version = Fakes.RANKER_V7;
    detector = AnomalyConfig.ofDefaults().window(WINDOW).ticker(() -> now)
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .detector("ranker", () -> version, List.of(alerts::add));
  }

  /** Runs {@code count} windows and closes each with {@link AnomalyDetector#evaluate()}. */
  void run(int count) {
    long windowNanos = WINDOW.toNanos();
    for (int w = 0; w < count; w++) {
      double mean = rate * (1 + 0.2 * Math.sin(2 * Math.PI * windows / 240.0));
      long calls = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
      long windowStart = windows * windowNanos;
      for (long c = 0; c < calls; c++) {
        long nanos = Math.round(5e6 * latencyFactor * Math.exp(0.5 * random.nextGaussian()));
        ErrorType outcome =
            random.nextDouble() < errorProbability ? ErrorType.RUNTIME_ERROR : ErrorType.NONE;
        now = windowStart + c * (windowNanos / (calls + 1));
        detector.record(outcome, nanos, now);
      }
      windows++;
      now = windows * windowNanos;
      detector.evaluate();
    }
  }

  /** Lets {@code count} windows pass with no call at all, then closes them in one evaluate. */
  void idle(int count) {
    windows += count;
    now = windows * WINDOW.toNanos();
    detector.evaluate();
  }

  /** The 0-based index of the window an alert closed. */
  static long windowIndex(Alert alert) {
    return Duration.between(T0, alert.windowEnd()).dividedBy(WINDOW) - 1;
  }
}
