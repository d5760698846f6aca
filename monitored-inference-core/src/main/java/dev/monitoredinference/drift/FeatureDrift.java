package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * The drift of one feature in one window against its baseline: its scores ({@link
 * #score(DriftMethod)}, NaN where a method does not apply or there was no data), the method and
 * threshold that decide {@link #drifted()}, and the sample counts. Immutable.
 *
 * <p>What decides, each test at its share α' of the false-alarm level ({@code
 * DriftConfigBuilder.alpha}, split over features and the day's windows): for numeric features
 * the KS distance against c(α')·√((n_b + n_w)/(n_b·n_w)) +
 * ε_b + ε_w (ε: each sketch's rank error, 0 while a sketch is exact); for categorical features
 * PSI against the χ²(bins − 1) critical value / n_eff plus the frequent-items error; for
 * embeddings the centroid test's standardized statistic against a·χ²_f's upper quantile at α'/2
 * ({@link DriftMethod#MEAN_SHIFT}), or else the share of projections whose KS test fires at
 * α'/(2p) against the configured share. A feature whose
 * window has fewer than 5 rows per bin is never drifted.
 */
public final class FeatureDrift {
  private final String name;
  private final FeatureKind kind;
  private final double[] scores;
  private final DriftMethod decidedBy;
  private final double threshold;
  private final boolean drifted;
  private final long windowSamples;
  private final long baselineSamples;

  FeatureDrift(String name, FeatureKind kind, double[] scores, DriftMethod decidedBy,
      double threshold, boolean drifted, long windowSamples, long baselineSamples) {
    this.name = requireNonNull(name, "name");
    this.kind = requireNonNull(kind, "kind");
    this.scores = scores.clone();
    this.decidedBy = requireNonNull(decidedBy, "decidedBy");
    this.threshold = threshold;
    this.drifted = drifted;
    this.windowSamples = windowSamples;
    this.baselineSamples = baselineSamples;
  }

  static double[] noScores() {
    double[] scores = new double[DriftMethod.values().length];
    Arrays.fill(scores, Double.NaN);
    return scores;
  }

  /** The feature's name (a column name, an output or a tensor name). */
  public String name() {
    return name;
  }

  /** How it is sketched. */
  public FeatureKind kind() {
    return kind;
  }

  /** The score of {@code method}; NaN if it does not apply to this kind or the window was empty. */
  public double score(DriftMethod method) {
    return scores[requireNonNull(method, "method").ordinal()];
  }

  /** The PSI score. */
  public double psi() {
    return score(DriftMethod.PSI);
  }

  /** The KS distance (for embeddings the largest over the projections). */
  public double ks() {
    return score(DriftMethod.KS);
  }

  /** The Jensen-Shannon distance, log base 2. */
  public double jensenShannon() {
    return score(DriftMethod.JS);
  }

  /** The window share outside the baseline's range (categorical: unseen categories). */
  public double outOfRangeShare() {
    return score(DriftMethod.OUT_OF_RANGE);
  }

  /** The window share of NaN values. */
  public double nanShare() {
    return score(DriftMethod.NAN);
  }

  /** The method whose score decides {@link #drifted()}. */
  public DriftMethod decidedBy() {
    return decidedBy;
  }

  /** The threshold {@link #decidedBy()}'s score must exceed (embeddings: reach) to drift. */
  public double threshold() {
    return threshold;
  }

  /** Whether the feature drifted in this window. */
  public boolean drifted() {
    return drifted;
  }

  /** Non-NaN values (rows for embeddings) in the window. */
  public long windowSamples() {
    return windowSamples;
  }

  /** Non-NaN values (rows for embeddings) in the baseline. */
  public long baselineSamples() {
    return baselineSamples;
  }

  @Override
  public String toString() {
    return name + " " + kind + (drifted ? " DRIFTED" : " ok") + " " + decidedBy.tagValue() + " "
        + score(decidedBy) + " vs " + threshold + ", psi " + psi() + ", js " + jensenShannon()
        + ", n " + windowSamples + "/" + baselineSamples;
  }
}
