package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sketch PSI and KS agree with the exact values on the raw data within the documented error: KS
 * within ε_b + ε_w (the sketches' single-sided rank errors, 2.66 % at k = 200); PSI within its
 * first-order error, ε_pmf·Σ_i (|∂PSI/∂q_i| + |∂PSI/∂p_i|) with ε_pmf = 1.65 % (the PMF error at
 * k = 200), plus 0.005 for the second-order term that dominates without drift. KLL compacts with
 * an unseeded random source, so the sketches differ from run to run; each case runs 5 times.
 */
class SketchAccuracyTest {
  private static final int K = 200;

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.1, 0.25, 0.5})
  void sketchScores_matchExactScores_withinTheDocumentedError(double shift) {
    for (int repeat = 0; repeat < 5; repeat++) {
      compare(shift, new Random(42 + repeat));
    }
  }

  private static void compare(double shift, Random random) {
    float[] baseline = gaussian(random, 100_000, 0);
    float[] window = gaussian(random, 20_000, shift);
    NumericSketch b = sketch(baseline);
    NumericSketch w = sketch(window);
    float[] splits = FrozenBaseline.splits(b, 10);
    FeatureDrift drift = new FeatureJudge(10, 0.25).numeric("x", b, splits, w, 0.01);

    double epsilon = b.rankError() + w.rankError();
    assertThat(epsilon).isCloseTo(2 * 0.0133, within(0.001));
    assertThat(drift.ks()).isCloseTo(exactKs(baseline, window), within(epsilon));
    assertThat(drift.psi())
        .isCloseTo(exactPsi(baseline, window, splits), within(psiErrorBound(baseline, window, splits)));
    assertThat(drift.nanShare()).isZero();
    assertThat(drift.windowSamples()).isEqualTo(20_000);
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 10_000, 100_000})
  void ksThreshold_isTheSamplingTermPlusBothRankErrors(int windowRows) {
    Random random = new Random(3);
    NumericSketch b = sketch(gaussian(random, 10_000, 0));
    NumericSketch w = sketch(gaussian(random, windowRows, 0));
    double expected = Math.sqrt(-0.5 * Math.log(0.01 / 2))
        * Math.sqrt((10_000.0 + windowRows) / (10_000.0 * windowRows))
        + b.rankError() + w.rankError();

    assertThat(FeatureJudge.ksThreshold(b, w, 0.01)).isEqualTo(expected);
  }

  /** ε_pmf·Σ_i (|∂PSI/∂q_i| + |∂PSI/∂p_i|) + 0.005, from the exact shares. */
  static double psiErrorBound(float[] a, float[] b, float[] splits) {
    double[] p = Scores.smoothed(shares(a, splits), a.length);
    double[] q = Scores.smoothed(shares(b, splits), b.length);
    double epsilon = org.apache.datasketches.kll.KllSketch.getNormalizedRankError(K, true);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double log = Math.log(q[i] / p[i]);
      sum += Math.abs(log + 1 - p[i] / q[i]) + Math.abs(-log + 1 - q[i] / p[i]);
    }
    return epsilon * sum + 0.005;
  }

  private static NumericSketch sketch(float[] values) {
    NumericSketch sketch = new NumericSketch(K);
    for (float v : values) {
      sketch.update(v);
    }
    return sketch;
  }

  private static float[] gaussian(Random random, int n, double shift) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() + shift);
    }
    return values;
  }

  /** Two-sample KS D on the raw values. */
  static double exactKs(float[] a, float[] b) {
    float[] x = a.clone();
    float[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < x.length && j < y.length) {
      float v = Math.min(x[i], y[j]);
      while (i < x.length && x[i] <= v) {
        i++;
      }
      while (j < y.length && y[j] <= v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
    }
    return d;
  }

  /** PSI on the raw values with the same splits (a value equal to a split goes below it). */
  static double exactPsi(float[] a, float[] b, float[] splits) {
    return Scores.psi(Scores.smoothed(shares(a, splits), a.length),
        Scores.smoothed(shares(b, splits), b.length));
  }

  private static double[] shares(float[] values, float[] splits) {
    double[] shares = new double[splits.length + 1];
    for (float v : values) {
      int bin = 0;
      while (bin < splits.length && v > splits[bin]) {
        bin++;
      }
      shares[bin] += 1.0 / values.length;
    }
    return shares;
  }
}
