package dev.monitoredinference.drift;

/** A drift score, the {@code method} tag of {@code monitored.inference.drift.score}. */
public enum DriftMethod {
  /** Population stability index over the baseline's bins, counts smoothed by 0.5 (natural log). */
  PSI("psi"),
  /** Kolmogorov-Smirnov distance D between the sketches; for embeddings the largest projection D. */
  KS("ks"),
  /** Jensen-Shannon distance over the same bins, log base 2, in [0, 1]. */
  JS("js"),
  /** Window share outside the baseline's [min, max]; categorical: share of unseen categories. */
  OUT_OF_RANGE("out_of_range"),
  /** Window share of NaN values (numeric features only). */
  NAN("nan"),
  /** 1 - cosine similarity of the baseline and window centroids (embeddings only). */
  CENTROID_COSINE("centroid_cosine"),
  /** Share of the random projections whose KS test finds drift (embeddings only). */
  DRIFTED_PROJECTIONS("drifted_projections"),
  /**
   * The embedding centroid test, standardized: (‖x̄_w − x̄_b‖²/(1/n_b + 1/n_w) − tr Σ)/√(2·tr Σ²),
   * about 0 ± 1 without drift (embeddings only).
   */
  MEAN_SHIFT("mean_shift");

  private final String tagValue;

  DriftMethod(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The {@code method} tag value, e.g. {@code "psi"}. */
  public String tagValue() {
    return tagValue;
  }
}
