package dev.monitoredinference.drift;

/**
 * Has an embedding's centroid moved? A two-sample test on the whole mean vector, from sums and
 * sums of squares alone (mergeable, exact, d + d doubles per sketch).
 *
 * <p>S = ‖x̄_w − x̄_b‖² over c = 1/n_b + 1/n_w is, without drift, a sum Σ λ_j·χ²₁ over the
 * eigenvalues of the covariance Σ: mean tr Σ, variance 2·tr Σ². It is matched to a·χ²_f with
 * a = tr Σ² / tr Σ and f = (tr Σ)² / tr Σ² (Box's approximation; f = d for an isotropic cloud,
 * a few for one dominated by a few directions, so correlated real embeddings are judged on
 * their true degrees of freedom). tr Σ comes from the baseline's per-coordinate variances;
 * tr Σ² from products of differences of its vectors ({@link #traceOfSquare}); the threshold
 * uses that estimate plus two standard errors, floored at Σ_j Σ_jj², which tr Σ² always
 * exceeds.
 *
 * <p>Against a shift δ it has noncentrality ‖δ‖²/c over all d coordinates at once, where one
 * random projection sees only about ‖δ‖²/d of it: that is why it finds a 0.25σ shift of a
 * 384-d cloud that 16 projections miss. Pure functions.
 */
final class CentroidShift {
  private CentroidShift() {}

  /** The outcome: the standardized statistic and the threshold it must exceed. */
  record Result(double z, double threshold) {
    boolean fires() {
      return z > threshold;
    }
  }

  /**
   * z = (S/c − tr Σ) / √(2·tr Σ²), about N(0, 1) without drift but right-skewed; the threshold
   * is a·χ²_f's upper {@code alpha} quantile in the same units. NaN for both when either side has
   * fewer than 2 vectors or the baseline has no variance.
   */
  static Result judge(EmbeddingSketch b, EmbeddingSketch w, double alpha) {
    int d = b.dimension();
    if (b.n < 2 || w.n < 2 || d == 0 || w.dimension() != d) {
      return new Result(Double.NaN, Double.NaN);
    }
    double distance = 0;
    double trace = 0;
    double diagonalSquares = 0;
    for (int j = 0; j < d; j++) {
      double meanB = b.sum[j] / b.n;
      double diff = w.sum[j] / w.n - meanB;
      distance += diff * diff;
      double variance = Math.max(0, (b.sumSquares[j] - b.n * meanB * meanB) / (b.n - 1));
      trace += variance;
      diagonalSquares += variance * variance;
    }
    if (!(trace > 0)) {
      return new Result(Double.NaN, Double.NaN);
    }
    // Σ_jj² ≤ tr Σ² always (and ≥ (tr Σ)²/d): a floor that also holds when the bound is NaN.
    double bound = traceOfSquareBound(b);
    double traceOfSquare = bound > diagonalSquares ? bound : diagonalSquares;
    double c = 1.0 / b.n + 1.0 / w.n;
    double scale = traceOfSquare / trace;
    double df = trace * trace / traceOfSquare;
    double sd = Math.sqrt(2 * traceOfSquare);
    double z = (distance / c - trace) / sd;
    double threshold = (scale * Scores.chiSquareUpper(df, alpha) - trace) / sd;
    return new Result(z, threshold);
  }

  /** {@link #traceOfSquare} plus two standard errors; NaN before two quadruples. */
  static double traceOfSquareBound(EmbeddingSketch b) {
    long m = b.quadruples;
    if (m < 2) {
      return Double.NaN;
    }
    double mean = b.quadrupleSum / m;
    double variance = Math.max(0, (b.quadrupleSquares - m * mean * mean) / (m - 1));
    return mean + 2 * Math.sqrt(variance / m);
  }

  /**
   * tr Σ², the mean of q = ((x₁ − x₂)ᵀ(x₃ − x₄))²/4 over the baseline's disjoint quadruples of
   * consecutive vectors: n/4 independent samples, so even a covariance dominated by one
   * direction is estimated to a few per cent (16 random projections could not: their few
   * components along that direction decided it). NaN before a quadruple.
   */
  static double traceOfSquare(EmbeddingSketch b) {
    return b.quadruples == 0 ? Double.NaN : b.quadrupleSum / b.quadruples;
  }
}
