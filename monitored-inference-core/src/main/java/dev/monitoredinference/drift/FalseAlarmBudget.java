package dev.monitoredinference.drift;

/**
 * Splits the configured false-alarm level α over a model version's features and over the looks
 * (scored windows) of one day, so that the chance of any false alarm, across every feature and
 * every look in a day, stays at most α whatever k, window size or feature count (Bonferroni: it
 * needs no independence, and overlapping windows are strongly dependent).
 *
 * <p>Time windows: a day holds at most L = ⌈1 day / sub-window⌉ looks, each test runs at
 * α / (F·L). Row windows: the looks a day holds depend on traffic, so look i of the day spends
 * α / (F·i·(i+1)), a series that sums to α / F however many looks come. Holm or
 * Benjamini–Hochberg across features would gain power only once a first feature has drifted,
 * which is when it matters least. Immutable.
 */
final class FalseAlarmBudget {
  static final long DAY_NANOS = 86_400_000_000_000L;

  private final double alpha;
  private final int features;
  /** Looks per day for time windows; 0 for row windows. */
  private final long looksPerDay;

  FalseAlarmBudget(double alpha, int features, long subWindowNanos) {
    this.alpha = alpha;
    this.features = Math.max(features, 1);
    this.looksPerDay = subWindowNanos <= 0 ? 0
        : Math.max(1, (DAY_NANOS + subWindowNanos - 1) / subWindowNanos);
  }

  static FalseAlarmBudget of(DriftConfig config) {
    return new FalseAlarmBudget(config.alpha, config.featureNames().size(),
        config.subWindowNanos());
  }

  /** The level of each feature's test at look {@code look} (1-based) of a day. */
  double level(long look) {
    if (looksPerDay > 0) {
      return alpha / ((double) features * looksPerDay);
    }
    double i = Math.max(look, 1);
    return alpha / (features * i * (i + 1));
  }

  /** The day {@code tick} falls in, counted from {@code anchor}. */
  static long day(long tick, long anchor) {
    return Math.floorDiv(tick - anchor, DAY_NANOS);
  }
}
