package dev.monitoredinference.drift;

import org.apache.datasketches.quantilescommon.KolmogorovSmirnov;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Scores one window against a frozen baseline, feature by feature (see {@link FeatureDrift} for
 * the rules), each test at the level the {@link FalseAlarmBudget} grants the look. Stateless
 * apart from sizes; runs on the drift thread at each rotation.
 */
final class FeatureJudge {
  /** Fewest window rows per bin before a feature may be called drifted. */
  static final int MIN_ROWS_PER_BIN = 5;

  private final int binCount;
  private final double projectionShare;

  FeatureJudge(int binCount, double projectionShare) {
    this.binCount = binCount;
    this.projectionShare = projectionShare;
  }

  /** Judges feature {@code index} with each of its tests at level {@code alpha}. */
  FeatureDrift judge(DriftSchema.Feature feature, int index, FrozenBaseline baseline,
      Profile window, double alpha) {
    switch (feature.kind()) {
      case NUMERIC:
        return numeric(feature.name(), baseline.profile.numeric(index), baseline.splits(index),
            window.numeric(index), alpha);
      case CATEGORICAL:
        return categorical(feature.name(), baseline.profile.categorical(index),
            baseline.categories(index), window.categorical(index), alpha);
      default:
        return embedding(feature.name(), baseline.profile.embedding(index),
            window.embedding(index), alpha);
    }
  }

  FeatureDrift numeric(String name, NumericSketch b, float[] splits, NumericSketch w,
      double alpha) {
    double[] scores = FeatureDrift.noScores();
    long nb = b.n();
    long nw = w.n();
    long all = nw + w.nan;
    scores[DriftMethod.NAN.ordinal()] = all == 0 ? Double.NaN : (double) w.nan / all;
    if (nb == 0 || nw == 0) {
      return new FeatureDrift(name, FeatureKind.NUMERIC, scores, DriftMethod.KS, Double.NaN,
          false, nw, nb);
    }
    double[] p = pmf(b, splits);
    double[] q = pmf(w, splits);
    scores[DriftMethod.PSI.ordinal()] = Scores.psi(Scores.smoothed(p, nb), Scores.smoothed(q, nw));
    scores[DriftMethod.JS.ordinal()] = Scores.jensenShannon(p, q);
    double ks = KolmogorovSmirnov.computeKSDelta(b.kll, w.kll);
    scores[DriftMethod.KS.ordinal()] = ks;
    double below = w.kll.getRank(b.kll.getMinItem(), QuantileSearchCriteria.EXCLUSIVE);
    double above = 1 - w.kll.getRank(b.kll.getMaxItem(), QuantileSearchCriteria.INCLUSIVE);
    scores[DriftMethod.OUT_OF_RANGE.ordinal()] = below + above;
    double threshold = ksThreshold(b, w, alpha);
    boolean drifted = nw >= (long) MIN_ROWS_PER_BIN * binCount && ks > threshold;
    return new FeatureDrift(name, FeatureKind.NUMERIC, scores, DriftMethod.KS, threshold, drifted,
        nw, nb);
  }

  /** c(α)·√((n_b + n_w)/(n_b·n_w)) + ε_b + ε_w. */
  static double ksThreshold(NumericSketch b, NumericSketch w, double alpha) {
    return Scores.ksCritical(alpha, b.n(), w.n()) + b.rankError() + w.rankError();
  }

  private static double[] pmf(NumericSketch sketch, float[] splits) {
    return splits.length == 0 ? new double[] {1}
        : sketch.kll.getPMF(splits, QuantileSearchCriteria.INCLUSIVE);
  }

  FeatureDrift categorical(String name, CategoricalSketch b, String[] categories,
      CategoricalSketch w, double alpha) {
    double[] scores = FeatureDrift.noScores();
    long nb = b.n();
    long nw = w.n();
    int m = categories.length + 1;
    if (nb == 0 || nw == 0) {
      return new FeatureDrift(name, FeatureKind.CATEGORICAL, scores, DriftMethod.PSI, Double.NaN,
          false, nw, nb);
    }
    double[] p = shares(b, categories);
    double[] q = shares(w, categories);
    double[] ps = Scores.smoothed(p, nb);
    scores[DriftMethod.PSI.ordinal()] = Scores.psi(ps, Scores.smoothed(q, nw));
    scores[DriftMethod.JS.ordinal()] = Scores.jensenShannon(p, q);
    scores[DriftMethod.OUT_OF_RANGE.ordinal()] = q[m - 1];
    // PSI ≈ Σ(q − p)²/p: χ² noise over n_eff, plus the worst sketch error per bin.
    double error = (double) b.maxError() / nb + (double) w.maxError() / nw;
    double sketchTerm = 0;
    for (double share : ps) {
      sketchTerm += error * error / share;
    }
    double threshold =
        Scores.chiSquareUpper(Math.max(m - 1, 1), alpha) / Scores.effectiveN(nb, nw) + sketchTerm;
    boolean drifted = nw >= (long) MIN_ROWS_PER_BIN * m && scores[DriftMethod.PSI.ordinal()] > threshold;
    return new FeatureDrift(name, FeatureKind.CATEGORICAL, scores, DriftMethod.PSI, threshold,
        drifted, nw, nb);
  }

  /** Shares of each category and, last, of everything else. */
  private static double[] shares(CategoricalSketch sketch, String[] categories) {
    double[] shares = new double[categories.length + 1];
    long n = sketch.n();
    long known = 0;
    for (int i = 0; i < categories.length; i++) {
      long count = Math.min(sketch.estimate(categories[i]), n);
      shares[i] = (double) count / n;
      known += count;
    }
    shares[categories.length] = (double) Math.max(0, n - known) / n;
    return shares;
  }

  /**
   * Two routes, each spending half of α: the centroid test ({@link CentroidShift}) for a moved
   * mean, and the projections (each KS test at α / (2p), drifted when at least the configured
   * share fire) for a change of shape with the mean in place. The route that fired decides; the
   * centroid test when neither did.
   */
  FeatureDrift embedding(String name, EmbeddingSketch b, EmbeddingSketch w, double alpha) {
    double[] scores = FeatureDrift.noScores();
    if (b.n == 0 || w.n == 0) {
      return new FeatureDrift(name, FeatureKind.EMBEDDING, scores, DriftMethod.MEAN_SHIFT,
          Double.NaN, false, w.n, b.n);
    }
    scores[DriftMethod.CENTROID_COSINE.ordinal()] = Scores.cosineDistance(b.sum, w.sum);
    CentroidShift.Result centroid = CentroidShift.judge(b, w, alpha / 2);
    scores[DriftMethod.MEAN_SHIFT.ordinal()] = centroid.z();
    int driftedProjections = 0;
    double maxKs = 0;
    for (int i = 0; i < b.projections.length; i++) {
      NumericSketch bp = b.projections[i];
      NumericSketch wp = w.projections[i];
      double ks = KolmogorovSmirnov.computeKSDelta(bp.kll, wp.kll);
      maxKs = Math.max(maxKs, ks);
      if (ks > ksThreshold(bp, wp, alpha / (2 * b.projections.length))) {
        driftedProjections++;
      }
    }
    double share = (double) driftedProjections / b.projections.length;
    scores[DriftMethod.KS.ordinal()] = maxKs;
    scores[DriftMethod.DRIFTED_PROJECTIONS.ordinal()] = share;
    boolean enough = w.n >= (long) MIN_ROWS_PER_BIN * binCount;
    boolean byProjections = enough && share >= projectionShare && !centroid.fires();
    boolean drifted = enough && (centroid.fires() || byProjections);
    return byProjections
        ? new FeatureDrift(name, FeatureKind.EMBEDDING, scores, DriftMethod.DRIFTED_PROJECTIONS,
            projectionShare, true, w.n, b.n)
        : new FeatureDrift(name, FeatureKind.EMBEDDING, scores, DriftMethod.MEAN_SHIFT,
            centroid.threshold(), drifted, w.n, b.n);
  }
}
