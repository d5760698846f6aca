package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.versioning.RollbackGuardConfig;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The verdicts of a {@link RollbackGuardConfig} over windows of {@code minCalls} candidate calls:
 * the candidate's error ratio, its p99 latency against the p99 of the baseline's latest as many
 * calls, the mean divergence of the calls compared meanwhile and, when configured, the {@link
 * QualityCheck} of the canary's outcomes. Each recording takes one short lock; only a running
 * trial with a guard records at all.
 */
final class RollbackGuard {
  private final RollbackGuardConfig config;
  private final @Nullable QualityCheck quality;
  private final long[] candidateNanos;
  private final long[] baselineNanos;
  private int calls;
  private int errors;
  private int timed;
  private long baselineCalls;
  private double divergenceSum;
  private int compared;

  /** {@code quality} is the config's quality criterion, for a canary with outcomes; else null. */
  RollbackGuard(RollbackGuardConfig config, @Nullable QualityCheck quality) {
    this.config = config;
    this.quality = quality;
    this.candidateNanos = new long[config.minCalls()];
    this.baselineNanos = new long[config.minCalls()];
  }

  /**
   * Records one candidate call (its latency counts only if it succeeded); at the end of a window
   * returns why the candidate must go, or null if it may stay.
   */
  synchronized @Nullable String candidateCall(long nanos, boolean failed) {
    if (failed) {
      errors++;
    } else {
      candidateNanos[timed++] = nanos;
    }
    if (++calls < config.minCalls()) {
      return null;
    }
    String verdict = verdict();
    calls = 0;
    errors = 0;
    timed = 0;
    divergenceSum = 0;
    compared = 0;
    return verdict;
  }

  /** Records one baseline call's latency; the latest {@code minCalls} are kept. */
  synchronized void baselineCall(long nanos) {
    baselineNanos[(int) (baselineCalls++ % baselineNanos.length)] = nanos;
  }

  /** Records the divergence of one compared call; NaN (nothing comparable) is ignored. */
  synchronized void divergence(double distance) {
    if (!Double.isNaN(distance)) {
      divergenceSum += distance;
      compared++;
    }
  }

  private @Nullable String verdict() {
    double errorRatio = (double) errors / calls;
    if (errorRatio > config.maxErrorRatio()) {
      return String.format(Locale.ROOT, "error ratio %.3f > %s over %d calls", errorRatio,
          config.maxErrorRatio(), calls);
    }
    int baselineTimed = (int) Math.min(baselineCalls, baselineNanos.length);
    if (timed > 0 && baselineTimed > 0) {
      long candidateP99 = p99(candidateNanos, timed);
      long baselineP99 = p99(baselineNanos, baselineTimed);
      if (candidateP99 > config.maxLatencyRatio() * baselineP99) {
        return String.format(Locale.ROOT, "p99 latency %.3f ms > %s × the baseline's %.3f ms over"
            + " %d calls", candidateP99 / 1e6, config.maxLatencyRatio(), baselineP99 / 1e6, calls);
      }
    }
    if (compared > 0 && divergenceSum / compared > config.maxDivergence()) {
      return String.format(Locale.ROOT, "mean divergence %.4f > %s over %d compared calls",
          divergenceSum / compared, config.maxDivergence(), compared);
    }
    return quality == null ? null : quality.worse();
  }

  /** The nearest-rank 99th percentile of the first {@code count} values. */
  private static long p99(long[] values, int count) {
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(0.99 * count) - 1];
  }
}
