package dev.monitoredinference.outcomes;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.Variant;
import java.util.Locale;

/**
 * The outcome sums of one model version and variant over a span (a sliding window, or since the
 * tracker started), and the figures computed from them. Every figure is a ratio of two plain sums,
 * so figures of replicas or of consecutive spans add up with {@link #plus} before dividing. A
 * ratio with a zero denominator is NaN.
 *
 * <p>Searches count when served; engagement, conversions and revenue when the outcome arrives;
 * reciprocal ranks and NDCG when the search settles (its attribution window closes).
 */
public final class QualityFigures {
  private final String version;
  private final Variant variant;
  private final double[] sums;

  private QualityFigures(String version, Variant variant, double[] sums) {
    this.version = version;
    this.variant = variant;
    this.sums = sums;
  }

  static QualityFigures of(String version, Variant variant, double[] sums) {
    return new QualityFigures(version, variant, sums);
  }

  /** Figures of nothing, e.g. of a version that has not served. */
  public static QualityFigures empty(String version, Variant variant) {
    return new QualityFigures(requireNonNull(version, "version"), requireNonNull(variant, "variant"),
        new double[Sum.COUNT]);
  }

  public String version() {
    return version;
  }

  public Variant variant() {
    return variant;
  }

  /** Served lists. */
  public long searches() {
    return (long) sums[Sum.SEARCHES];
  }

  /** Searches with an outcome of any kind on a top-k item (CTR@k's numerator). */
  public long engagedSearches() {
    return (long) sums[Sum.ENGAGED];
  }

  /** Searches with a purchase of a top-k item. */
  public long conversions() {
    return (long) sums[Sum.CONVERTED];
  }

  /** The sum of purchase values. */
  public double revenue() {
    return sums[Sum.REVENUE];
  }

  /** Searches whose attribution window closed (or that the size cap pushed out). */
  public long settledSearches() {
    return (long) sums[Sum.SETTLED];
  }

  /** Settled searches that had an outcome: NDCG's denominator. */
  public long settledEngagedSearches() {
    return (long) sums[Sum.SETTLED_ENGAGED];
  }

  /** The sum of settled searches' reciprocal ranks: {@link #mrr()}'s numerator. */
  public double reciprocalRankSum() {
    return sums[Sum.RECIPROCAL_RANKS];
  }

  /** The sum of settled engaged searches' NDCG@k: {@link #ndcg()}'s numerator. */
  public double ndcgSum() {
    return sums[Sum.NDCG];
  }

  /** Searches served with the model's click probabilities. */
  public long calibratedSearches() {
    return (long) sums[Sum.CALIBRATED_SEARCHES];
  }

  /** The sum of the top-k click probabilities of calibrated searches: the clicks expected. */
  public double expectedClicks() {
    return sums[Sum.EXPECTED_CLICKS];
  }

  /** Items of calibrated searches with an outcome: the clicks observed. */
  public long observedClicks() {
    return (long) sums[Sum.OBSERVED_CLICKS];
  }

  /** CTR@k: engaged searches over searches. */
  public double ctr() {
    return ratio(Sum.ENGAGED, Sum.SEARCHES);
  }

  /** Conversions over searches. */
  public double conversionRate() {
    return ratio(Sum.CONVERTED, Sum.SEARCHES);
  }

  /** Revenue over searches. */
  public double revenuePerSearch() {
    return ratio(Sum.REVENUE, Sum.SEARCHES);
  }

  /** Mean reciprocal rank of the first item with an outcome, 0 for none, over settled searches. */
  public double mrr() {
    return ratio(Sum.RECIPROCAL_RANKS, Sum.SETTLED);
  }

  /** Mean NDCG@k over settled searches with an outcome. */
  public double ndcg() {
    return ratio(Sum.NDCG, Sum.SETTLED_ENGAGED);
  }

  /**
   * Expected clicks over observed clicks on calibrated searches: 1 when the model's click
   * probabilities are calibrated, above 1 when it promises more clicks than users make.
   */
  public double calibrationRatio() {
    return ratio(Sum.EXPECTED_CLICKS, Sum.OBSERVED_CLICKS);
  }

  /** Expected clicks per calibrated search: known at serving time, before any outcome. */
  public double expectedClicksPerSearch() {
    return ratio(Sum.EXPECTED_CLICKS, Sum.CALIBRATED_SEARCHES);
  }

  /** The share {@code metric} measures: {@link #ctr()} or {@link #conversionRate()}. */
  public double rate(QualityMetric metric) {
    return metric == QualityMetric.CTR ? ctr() : conversionRate();
  }

  /** The searches that count as successes for {@code metric}. */
  public long successes(QualityMetric metric) {
    return metric == QualityMetric.CTR ? engagedSearches() : conversions();
  }

  /**
   * The sums of both, e.g. of two replicas.
   *
   * @throws IllegalArgumentException if {@code other} is of another version or variant
   */
  public QualityFigures plus(QualityFigures other) {
    return combine(other, 1);
  }

  /**
   * These sums less {@code earlier}'s: the figures since {@code earlier} was taken.
   *
   * @throws IllegalArgumentException if {@code earlier} is of another version or variant
   */
  public QualityFigures minus(QualityFigures earlier) {
    return combine(earlier, -1);
  }

  private QualityFigures combine(QualityFigures other, int sign) {
    if (!other.version.equals(version) || other.variant != variant) {
      throw new IllegalArgumentException("figures of version " + other.version + " "
          + other.variant.tagValue() + " do not combine with version " + version + " "
          + variant.tagValue());
    }
    double[] combined = sums.clone();
    for (int i = 0; i < combined.length; i++) {
      combined[i] += sign * other.sums[i];
    }
    return new QualityFigures(version, variant, combined);
  }

  private double ratio(int numerator, int denominator) {
    return sums[denominator] == 0 ? Double.NaN : sums[numerator] / sums[denominator];
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "QualityFigures[version %s %s: searches=%d, ctr=%.4f,"
        + " conversion=%.4f, revenuePerSearch=%.4f, mrr=%.4f, ndcg=%.4f, calibration=%.4f]",
        version, variant.tagValue(), searches(), ctr(), conversionRate(), revenuePerSearch(), mrr(),
        ndcg(), calibrationRatio());
  }
}
