package dev.monitoredinference.internal;

/**
 * Tail probabilities and quantiles the detectors share: the standard normal quantile and the
 * exact binomial upper tail. Pure functions.
 */
public final class Tails {
  /** The largest z reported, for tails below double precision (keeps alerts' JSON finite). */
  public static final double MAX_Z = 40;

  private Tails() {}

  /** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
  public static double normalQuantile(double p) {
    double[] a = {-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
        -30.66479806614716, 2.506628277459239};
    double[] b = {-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
        -13.28068155288572};
    double[] c = {-0.007784894002430293, -0.3223964580411365, -2.400758277161838,
        -2.549732539343734, 4.374664141464968, 2.938163982698783};
    double[] d = {0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416};
    if (p < 0.02425) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - 0.02425) {
      return -normalQuantile(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  /** The z whose upper normal tail is {@code tail}: −Φ⁻¹(tail), capped at ±{@link #MAX_Z}. */
  public static double zOfUpperTail(double tail) {
    if (!(tail > 0)) {
      return MAX_Z;
    }
    return Math.max(-MAX_Z, Math.min(MAX_Z, -normalQuantile(Math.min(tail, 1))));
  }

  /**
   * P(X ≥ x) for X ~ Binomial(n, p), summed exactly from x upward (in log space at the first
   * term, so large n and tiny p do not underflow early); 0 when that term underflows.
   */
  public static double binomialUpperTail(long x, long n, double p) {
    if (x <= 0) {
      return 1;
    }
    if (x > n || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return 1;
    }
    double logTerm = x * Math.log(p) + (n - x) * Math.log1p(-p);
    for (long i = 1; i <= x; i++) {
      logTerm += Math.log((double) (n - x + i) / i); // log C(n, x)
    }
    double term = Math.exp(logTerm);
    double sum = 0;
    double odds = p / (1 - p);
    for (long k = x; k <= n && term > 0; k++) {
      sum += term;
      if (k > n * p && term < sum * 1e-16) {
        break;
      }
      term *= (double) (n - k) / (k + 1) * odds;
    }
    return Math.min(sum, 1);
  }
}
