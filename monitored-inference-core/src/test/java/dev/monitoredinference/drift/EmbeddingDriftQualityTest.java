package dev.monitoredinference.drift;

import static dev.monitoredinference.drift.DriftData.V1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Embedding drift at the default configuration (5-minute windows of 5 sub-windows, a
 * 10,000-vector baseline, 16 projections, α = 0.01 per day), 384-d clouds, 2,000 vectors a
 * minute through the injectable ticker: small moves of the whole cloud are found within the
 * 10,000 vectors after the baseline; a stationary cloud, isotropic or dominated by a few
 * directions, does not alarm. Seeded and deterministic; 20 trials per scenario.
 */
class EmbeddingDriftQualityTest {
  private static final int D = 384;
  private static final int TRIALS = 20;
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void aQuarterSigmaMeanShift_alongARandomDirection_isFlaggedInAtLeast19Of20Trials() {
    int flagged = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Random random = new Random(5000 + trial);
      Cloud cloud = Cloud.isotropic(D);
      float[] shift = unit(random, D, 0.25f);
      flagged += fiveMinutes(random, cloud, x -> add(x, shift)) ? 1 : 0;
    }
    assertThat(flagged).as("trials flagged, of " + TRIALS).isGreaterThanOrEqualTo(19);
  }

  @Test
  void aTwoDegreeRotation_ofAnOffCentreAnisotropicCloud_isFlaggedInAtLeast19Of20Trials() {
    int flagged = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Random random = new Random(6000 + trial);
      Cloud cloud = Cloud.anisotropic(random, D);
      float[] towards = orthogonalUnit(random, cloud.mean);
      double theta = Math.toRadians(2);
      flagged += fiveMinutes(random, cloud, x -> rotate(x, cloud.mean, towards, theta)) ? 1 : 0;
    }
    assertThat(flagged).as("trials flagged, of " + TRIALS).isGreaterThanOrEqualTo(19);
  }

  @Test
  void stationaryClouds_isotropicOrDominatedByAFewDirections_raiseNoAlarmIn10TrialsEach() {
    int alarmed = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Random random = new Random(7000 + trial);
      Cloud cloud = trial % 2 == 0 ? Cloud.isotropic(D) : Cloud.factors(random, D, 8);
      alarmed += fiveMinutes(random, cloud, x -> { }) ? 1 : 0;
    }
    assertThat(alarmed).isZero();
  }

  /** Baseline, then five minutes of 2,000 vectors changed by {@code change}; any drift event? */
  private static boolean fiveMinutes(Random random, Cloud cloud, Change change) {
    List<DriftEvent> events = new ArrayList<>();
    DriftEngine engine = new DriftEngine("search", DriftConfig.builder().embedding("embedding")
        .ticker(() -> 0L).build(), List.of(events::add));
    DriftData.feed(engine, V1, cloud.draw(random, 10_000, x -> { }), D, 0);
    for (int minute = 0; minute < 5; minute++) {
      DriftData.feed(engine, V1, cloud.draw(random, 2_000, change), D, minute * MINUTE + 1);
    }
    engine.tick(5 * MINUTE + 1);
    assertThat(engine.report().windowSamples()).isEqualTo(10_000);
    return !events.isEmpty();
  }

  private interface Change {
    void apply(float[] x);
  }

  /** x ~ N(mean, diag(scale²)) + loadings·N(0, I). */
  private record Cloud(float[] mean, float[] scale, float[][] loadings) {
    static Cloud isotropic(int d) {
      float[] scale = new float[d];
      java.util.Arrays.fill(scale, 1);
      return new Cloud(new float[d], scale, new float[0][]);
    }

    /** Variances 0.5 … 1.5 across coordinates, centred 8σ from the origin, as embeddings are. */
    static Cloud anisotropic(Random random, int d) {
      float[] scale = new float[d];
      for (int j = 0; j < d; j++) {
        scale[j] = (float) Math.sqrt(0.5 + (double) j / (d - 1));
      }
      return new Cloud(unit(random, d, 8), scale, new float[0][]);
    }

    /** {@code count} common factors carrying most of the variance, plus small noise. */
    static Cloud factors(Random random, int d, int count) {
      float[][] loadings = new float[count][];
      for (int f = 0; f < count; f++) {
        loadings[f] = unit(random, d, (float) Math.sqrt(d / 2.0));
      }
      float[] scale = new float[d];
      java.util.Arrays.fill(scale, (float) Math.sqrt(0.5));
      return new Cloud(unit(random, d, 8), scale, loadings);
    }

    float[] draw(Random random, int rows, Change change) {
      int d = mean.length;
      float[] flat = new float[rows * d];
      float[] x = new float[d];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < d; j++) {
          x[j] = (float) (mean[j] + scale[j] * random.nextGaussian());
        }
        for (float[] loading : loadings) {
          float factor = (float) random.nextGaussian();
          for (int j = 0; j < d; j++) {
            x[j] += factor * loading[j];
          }
        }
        change.apply(x);
        System.arraycopy(x, 0, flat, r * d, d);
      }
      return flat;
    }
  }

  private static float[] unit(Random random, int d, float length) {
    float[] v = new float[d];
    double norm = 0;
    for (int j = 0; j < d; j++) {
      v[j] = (float) random.nextGaussian();
      norm += v[j] * v[j];
    }
    for (int j = 0; j < d; j++) {
      v[j] = (float) (v[j] * length / Math.sqrt(norm));
    }
    return v;
  }

  /** A unit vector orthogonal to {@code direction}. */
  private static float[] orthogonalUnit(Random random, float[] direction) {
    float[] v = unit(random, direction.length, 1);
    double along = dot(v, direction) / dot(direction, direction);
    for (int j = 0; j < v.length; j++) {
      v[j] -= (float) (along * direction[j]);
    }
    double norm = Math.sqrt(dot(v, v));
    for (int j = 0; j < v.length; j++) {
      v[j] /= (float) norm;
    }
    return v;
  }

  private static void add(float[] x, float[] shift) {
    for (int j = 0; j < x.length; j++) {
      x[j] += shift[j];
    }
  }

  /** Rotates x by theta about the origin in the plane of {@code axis} and {@code towards}. */
  private static void rotate(float[] x, float[] axis, float[] towards, double theta) {
    double axisNorm = Math.sqrt(dot(axis, axis));
    double a = dot(x, axis) / axisNorm;
    double b = dot(x, towards);
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double da = a * cos - b * sin - a;
    double db = a * sin + b * cos - b;
    for (int j = 0; j < x.length; j++) {
      x[j] += (float) (da * axis[j] / axisNorm + db * towards[j]);
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }
}
