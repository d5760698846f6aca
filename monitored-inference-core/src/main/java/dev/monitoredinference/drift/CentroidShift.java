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
 * tr Σ² from the covariances of the baseline's random projections, since E[(gᵀΣh)²] = tr Σ²
 * for independent Gaussian g, h: p(p − 1)/2 pairs of the p projections already kept, each
 * corrected for its own sampling noise and floored at (tr Σ)²/d, its least possible value.
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
    for (int j = 0; j < d; j++) {
      double meanB = b.sum[j] / b.n;
      double diff = w.sum[j] / w.n - meanB;
      distance += diff * diff;
      trace += Math.max(0, (b.sumSquares[j] - b.n * meanB * meanB) / (b.n - 1));
    }
    if (!(trace > 0)) {
      return new Result(Double.NaN, Double.NaN);
    }
    double estimate = traceOfSquare(b);
    double floor = trace * trace / d;
    double traceOfSquare = estimate > floor ? estimate : floor; // also when NaN
    double c = 1.0 / b.n + 1.0 / w.n;
    double scale = traceOfSquare / trace;
    double df = trace * trace / traceOfSquare;
    double sd = Math.sqrt(2 * traceOfSquare);
    double z = (distance / c - trace) / sd;
    double threshold = (scale * Scores.chiSquareUpper(df, alpha) - trace) / sd;
    return new Result(z, threshold);
  }

  /**
   * tr Σ² from the projections' sample covariances C: directions are N(0, I/d), so each pair
   * i ≠ j has E[C_ij²] = tr Σ²/d² + Var(C_ij), and Var(C_ij) ≈ C_ii·C_jj/(n − 1) is taken off.
   * NaN with fewer than 2 projections.
   */
  static double traceOfSquare(EmbeddingSketch b) {
    int p = b.projections.length;
    int d = b.dimension();
    long n = b.n;
    double[] variance = new double[p];
    for (int i = 0; i < p; i++) {
      variance[i] = covariance(b, i, i);
    }
    double total = 0;
    int pairs = 0;
    for (int i = 0; i < p; i++) {
      for (int j = i + 1; j < p; j++) {
        double cij = covariance(b, i, j);
        total += cij * cij - variance[i] * variance[j] / (n - 1);
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : (double) d * d * total / pairs;
  }

  private static double covariance(EmbeddingSketch b, int i, int j) {
    return (b.cross(i, j) - b.projectionSums[i] * b.projectionSums[j] / b.n) / (b.n - 1);
  }
}
