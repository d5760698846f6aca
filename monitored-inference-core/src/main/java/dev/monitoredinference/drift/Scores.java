package dev.monitoredinference.drift;

import dev.monitoredinference.internal.Tails;

/**
 * The arithmetic of the drift scores on bin shares, and the critical values the thresholds use.
 * Pure functions.
 */
final class Scores {
  /** Added to every bin count before a log, so an empty bin costs a bounded amount. */
  static final double SMOOTHING = 0.5;

  private Scores() {}

  /** Bin shares {@code (share·n + 0.5) / (n + bins·0.5)}: additive smoothing on counts. */
  static double[] smoothed(double[] shares, long n) {
    double[] result = new double[shares.length];
    double total = n + shares.length * SMOOTHING;
    for (int i = 0; i < shares.length; i++) {
      result[i] = (Math.max(shares[i], 0) * n + SMOOTHING) / total;
    }
    return result;
  }

  /** PSI = Σ (q − p)·ln(q / p) over smoothed shares. */
  static double psi(double[] p, double[] q) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += (q[i] - p[i]) * Math.log(q[i] / p[i]);
    }
    return sum;
  }

  /** Jensen-Shannon distance, log base 2 (in [0, 1]), over raw shares; 0·log 0 = 0. */
  static double jensenShannon(double[] p, double[] q) {
    double divergence = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      divergence += half(p[i], m) + half(q[i], m);
    }
    return Math.sqrt(Math.max(divergence, 0));
  }

  private static double half(double x, double m) {
    return x <= 0 ? 0 : 0.5 * x * Math.log(x / m) / Math.log(2);
  }

  /** The two-sample KS critical value c(α)·√((n_b + n_w)/(n_b·n_w)), c(α) = √(−½·ln(α/2)). */
  static double ksCritical(double alpha, long nb, long nw) {
    return Math.sqrt(-0.5 * Math.log(alpha / 2)) * Math.sqrt((double) (nb + nw) / ((double) nb * nw));
  }

  /** The effective sample size n_b·n_w / (n_b + n_w). */
  static double effectiveN(long nb, long nw) {
    return (double) nb * nw / (nb + nw);
  }

  /** The upper {@code alpha} quantile of χ² with {@code df} degrees of freedom (Wilson-Hilferty). */
  static double chiSquareUpper(double df, double alpha) {
    double z = -normalQuantile(alpha); // not normalQuantile(1 − α): exact for tiny α
    double a = 2.0 / (9.0 * df);
    double cube = 1 - a + z * Math.sqrt(a);
    return df * cube * cube * cube;
  }

  /** The standard normal quantile. */
  static double normalQuantile(double p) {
    return Tails.normalQuantile(p);
  }

  /** 1 − cos(a, b); NaN if either is the zero vector. */
  static double cosineDistance(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? Double.NaN : 1 - dot / Math.sqrt(na * nb);
  }
}
