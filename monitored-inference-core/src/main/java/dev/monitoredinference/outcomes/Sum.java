package dev.monitoredinference.outcomes;

/**
 * The plain sums a version and variant keep: every figure of {@link QualityFigures} is a ratio of
 * two of them, so figures of replicas and windows add up. Indexes into a {@code double[]}.
 */
final class Sum {
  static final int SEARCHES = 0;
  static final int ENGAGED = 1;
  static final int CONVERTED = 2;
  static final int REVENUE = 3;
  static final int SETTLED = 4;
  static final int SETTLED_ENGAGED = 5;
  static final int RECIPROCAL_RANKS = 6;
  static final int NDCG = 7;
  static final int CALIBRATED_SEARCHES = 8;
  static final int EXPECTED_CLICKS = 9;
  static final int OBSERVED_CLICKS = 10;
  static final int COUNT = 11;

  private Sum() {}
}
