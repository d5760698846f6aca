package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The centroid test's tr Σ² from the baseline's quadruples (seeded, 10,000-vector baselines,
 * d = 384), and its false-alarm rate where one direction dominates the variance.
 */
class CentroidShiftTraceTest {
  private static final int D = 384;

  @Test
  void traceOfSquare_ofAnIsotropicCloud_isAboutD() {
    EmbeddingSketch sketch = sketch(new Random(1), null, 10_000);
    assertThat(CentroidShift.traceOfSquare(sketch)).isCloseTo(D, within(0.1 * D));
    assertThat(CentroidShift.traceOfSquareBound(sketch)).isBetween(1.0 * D, 1.2 * D);
  }

  /**
   * Σ = I + 100·uuᵀ along a random unit u: tr Σ² = 384 + 200 + 10,000 = 10,584. (Estimated
   * from 16 random projections' covariances instead, the bound fell below 80 % of it in 8 of
   * these 20 clouds.)
   */
  @Test
  void theBound_ofACloudWithOneStrongDirection_isNotBelow80PercentOfTheTruth_in20Clouds() {
    int below = 0;
    for (int cloud = 0; cloud < 20; cloud++) {
      Random random = new Random(100 + cloud);
      EmbeddingSketch sketch = sketch(random, unit(random), 10_000);
      below += CentroidShift.traceOfSquareBound(sketch) < 0.8 * 10_584 ? 1 : 0;
    }
    assertThat(below).isLessThanOrEqualTo(1);
  }

  /** At α = 0.01, 40 stationary windows of 2,000 against spiked baselines: at most 2 alarms. */
  @Test
  void stationaryWindows_ofCloudsWithOneStrongDirection_alarmAtMostAtAlpha() {
    int alarms = 0;
    for (int trial = 0; trial < 40; trial++) {
      Random random = new Random(200 + trial);
      float[] u = unit(random);
      EmbeddingSketch baseline = sketch(random, u, 10_000);
      EmbeddingSketch window = sketch(random, u, 2_000);
      alarms += CentroidShift.judge(baseline, window, 0.01).fires() ? 1 : 0;
    }
    assertThat(alarms).isLessThanOrEqualTo(2); // 0.4 expected at α; binomial 95 %: ≤ 2
  }

  /** {@code rows} vectors N(0, I), plus 10·g·spike with g ~ N(0, 1) if a spike is given. */
  private static EmbeddingSketch sketch(Random random, float[] spike, int rows) {
    EmbeddingSketch sketch = new EmbeddingSketch(200, 16, 42);
    float[] x = new float[D];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < D; j++) {
        x[j] = (float) random.nextGaussian();
      }
      if (spike != null) {
        float g = (float) (10 * random.nextGaussian());
        for (int j = 0; j < D; j++) {
          x[j] += g * spike[j];
        }
      }
      sketch.update(x, 0, D);
    }
    return sketch;
  }

  private static float[] unit(Random random) {
    float[] u = new float[D];
    double norm = 0;
    for (int j = 0; j < D; j++) {
      u[j] = (float) random.nextGaussian();
      norm += u[j] * u[j];
    }
    for (int j = 0; j < D; j++) {
      u[j] /= (float) Math.sqrt(norm);
    }
    return u;
  }
}
