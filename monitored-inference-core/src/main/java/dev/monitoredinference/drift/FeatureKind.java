package dev.monitoredinference.drift;

import java.util.EnumSet;
import java.util.Set;

/** How a feature is sketched, and so which {@link DriftMethod}s it reports. */
public enum FeatureKind {
  /** A numeric column or output: a KLL quantile sketch plus a NaN count. */
  NUMERIC(EnumSet.of(DriftMethod.PSI, DriftMethod.KS, DriftMethod.JS, DriftMethod.OUT_OF_RANGE,
      DriftMethod.NAN)),
  /** String or id values: a frequent-items sketch. */
  CATEGORICAL(EnumSet.of(DriftMethod.PSI, DriftMethod.JS, DriftMethod.OUT_OF_RANGE)),
  /**
   * Vectors of shape [batch, d]: per-coordinate sums and sums of squares plus seeded random
   * projections, each in a KLL.
   */
  EMBEDDING(EnumSet.of(DriftMethod.KS, DriftMethod.CENTROID_COSINE,
      DriftMethod.DRIFTED_PROJECTIONS, DriftMethod.MEAN_SHIFT));

  private final Set<DriftMethod> methods;

  FeatureKind(Set<DriftMethod> methods) {
    this.methods = methods;
  }

  /** The scores a feature of this kind reports (a fresh copy). */
  public Set<DriftMethod> methods() {
    return EnumSet.copyOf(methods);
  }
}
