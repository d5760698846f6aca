package dev.monitoredinference.abuse;

import dev.monitoredinference.internal.Tails;
import java.util.Arrays;

/**
 * The Shapiro–Wilk W statistic with Royston's (1992) approximation of the coefficients, the one
 * PRADA (Juuti et al. 2019) runs on a client's query distances: near 1 for normal data, lower the
 * less normal it is. Coefficients depend only on the sample size and are computed once per size.
 * Thread-confined (the detector's thread); {@link #w} sorts a scratch copy, never its argument.
 */
final class ShapiroWilk {
  private final double[][] coefficients;
  private final double[] scratch;

  /** For samples of 6 to {@code maxSize} values. */
  ShapiroWilk(int maxSize) {
    coefficients = new double[maxSize + 1][];
    scratch = new double[maxSize];
  }

  /**
   * W of {@code values[0..n)}: in (0, 1]; 0 when every value is the same, the most regular a
   * sample can be (a grid's constant step), where W itself is undefined.
   */
  double w(float[] values, int n) {
    if (n < 6 || n >= coefficients.length) {
      throw new IllegalArgumentException("sample size must be in [6, " + (coefficients.length - 1)
          + "], but was " + n);
    }
    double[] x = scratch;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      x[i] = values[i];
      mean += values[i];
    }
    mean /= n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      squares += (x[i] - mean) * (x[i] - mean);
    }
    if (squares <= 1e-12 * Math.max(1, mean * mean) * n) {
      return 0;
    }
    Arrays.sort(x, 0, n);
    double[] a = coefficients(n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += a[i] * x[i];
    }
    return Math.min(1, sum * sum / squares);
  }

  private double[] coefficients(int n) {
    double[] a = coefficients[n];
    if (a == null) {
      a = royston(n);
      coefficients[n] = a;
    }
    return a;
  }

  /** Royston's approximation for n >= 6: exact-ish end weights, normal scores in between. */
  static double[] royston(int n) {
    double[] m = new double[n];
    double mm = 0;
    for (int i = 0; i < n; i++) {
      m[i] = Tails.normalQuantile((i + 1 - 0.375) / (n + 0.25));
      mm += m[i] * m[i];
    }
    double u = 1 / Math.sqrt(n);
    double cn = m[n - 1] / Math.sqrt(mm);
    double cn1 = m[n - 2] / Math.sqrt(mm);
    double an = cn + 0.221157 * u - 0.147981 * u * u - 2.071190 * Math.pow(u, 3)
        + 4.434685 * Math.pow(u, 4) - 2.706056 * Math.pow(u, 5);
    double an1 = cn1 + 0.042981 * u - 0.293762 * u * u - 1.752461 * Math.pow(u, 3)
        + 5.682633 * Math.pow(u, 4) - 3.582633 * Math.pow(u, 5);
    double phi = (mm - 2 * m[n - 1] * m[n - 1] - 2 * m[n - 2] * m[n - 2])
        / (1 - 2 * an * an - 2 * an1 * an1);
    double[] a = new double[n];
    for (int i = 2; i < n - 2; i++) {
      a[i] = m[i] / Math.sqrt(phi);
    }
    a[n - 1] = an;
    a[n - 2] = an1;
    a[0] = -an;
    a[1] = -an1;
    return a;
  }
}
