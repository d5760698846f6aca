package dev.monitoredinference.anomaly;

import dev.monitoredinference.internal.Tails;

/**
 * How much worse a window's error ratio is than its baseline, judged on the counts: the smaller
 * of two z-scores, so a window counts as a hit only when both agree.
 *
 * <ul>
 *   <li>The exact binomial tail P(X ≥ failures; calls, p₀) as a normal z, with p₀ the baseline
 *       ratio, or half a failure over all the calls the baseline has learnt from when that is
 *       larger (a Jeffreys-style estimate, so a baseline of no failures at all is not p₀ = 0).
 *       At low traffic this is what a z-score on the ratio cannot be: 2 failures in 150 calls
 *       after thousands of clean calls is a clear signal, 1 is not.
 *   <li>The ratio against the baseline's own EWMA spread, which guards against error rates that
 *       swing more than binomial noise does; no floor (the count test needs none).
 * </ul>
 */
final class ErrorCounts {
  private ErrorCounts() {}

  /**
   * @param ratio the window's failed / judged calls
   * @param calls the window's judged calls
   * @param baseline the baseline error ratio (EWMA)
   * @param sigma the baseline's EWMA standard deviation of the ratio
   * @param learntCalls all judged calls of the windows that fed the baseline
   */
  static double z(double ratio, long calls, double baseline, double sigma, long learntCalls) {
    long failures = Math.round(ratio * calls);
    double p0 = Math.max(baseline, 0.5 / (learntCalls + 1.0));
    double countZ = Tails.zOfUpperTail(Tails.binomialUpperTail(failures, calls, p0));
    double spreadZ = sigma > 0 ? (ratio - baseline) / sigma
        : ratio > baseline ? Tails.MAX_Z : 0;
    return Math.min(countZ, spreadZ);
  }
}
