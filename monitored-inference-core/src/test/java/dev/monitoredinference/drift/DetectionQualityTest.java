package dev.monitoredinference.drift;

import static dev.monitoredinference.drift.DriftData.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Planted shifts on seeded synthetic data are found; stationary data rarely alarms. */
class DetectionQualityTest {
  private static final int FEATURES = 20;

  @Test
  void meanShiftOfAQuarterSigma_inOneOf20Features_isFlaggedInAtLeast38Of40Trials() {
    int flagged = 0;
    int othersFlagged = 0;
    for (int trial = 0; trial < 40; trial++) {
      Random random = new Random(1000 + trial);
      DriftEngine engine = numericEngine(10_000, 10_000);
      DriftData.feed(engine, V1, DriftData.gaussianRows(random, 10_000, FEATURES, -1, 0), FEATURES, 0);
      DriftData.feed(engine, V1, DriftData.gaussianRows(random, 10_000, FEATURES, 7, 0.25), FEATURES, 0);
      DriftReport report = engine.report();
      assertThat(report.windowSamples()).isEqualTo(10_000);
      flagged += report.feature("f7").orElseThrow().drifted() ? 1 : 0;
      othersFlagged += report.drifted().stream().filter(f -> !f.equals("f7")).count();
    }
    assertThat(flagged).isGreaterThanOrEqualTo(38);
    assertThat(othersFlagged).isLessThanOrEqualTo(7); // ≤ 1 % of the 760 unshifted feature-windows
  }

  @Test
  void stationaryData_over100Windows_alarmsAtMostOncePerFeature() {
    Random random = new Random(7);
    DriftEngine engine = numericEngine(10_000, 2_000);
    DriftData.feed(engine, V1, DriftData.gaussianRows(random, 10_000, FEATURES, -1, 0), FEATURES, 0);
    int[] alarms = new int[FEATURES];
    for (int window = 0; window < 100; window++) {
      DriftData.feed(engine, V1, DriftData.gaussianRows(random, 2_000, FEATURES, -1, 0), FEATURES, 0);
      List<FeatureDrift> features = engine.report().features();
      assertThat(features).hasSize(FEATURES);
      for (int f = 0; f < FEATURES; f++) {
        alarms[f] += features.get(f).drifted() ? 1 : 0;
      }
    }
    for (int f = 0; f < FEATURES; f++) {
      assertThat(alarms[f]).as("false alarms of f" + f + " in 100 windows").isLessThanOrEqualTo(1);
    }
  }

  @Test
  void categoryMixChangeOf10Points_isFlagged_andAnUnchangedMixIsNot() {
    Random random = new Random(11);
    DriftEngine engine = new DriftEngine("shop", DriftData.countWindows(10_000, 5_000)
        .categorical("category").build(), List.of());
    double[] before = {0.4, 0.3, 0.2, 0.1};
    double[] after = {0.3, 0.3, 0.2, 0.2};
    feedCategories(engine, random, before, 10_000);
    int unchangedAlarms = 0;
    for (int window = 0; window < 20; window++) {
      feedCategories(engine, random, before, 5_000);
      unchangedAlarms += engine.report().feature("category").orElseThrow().drifted() ? 1 : 0;
    }
    feedCategories(engine, random, after, 5_000);
    FeatureDrift shifted = engine.report().feature("category").orElseThrow();

    assertThat(unchangedAlarms).isZero();
    assertThat(shifted.drifted()).isTrue();
    assertThat(shifted.decidedBy()).isEqualTo(DriftMethod.PSI);
    // (0.3−0.4)·ln(0.3/0.4) + (0.2−0.1)·ln(0.2/0.1) = 0.0981 in expectation
    assertThat(shifted.psi()).isBetween(0.07, 0.13);
    assertThat(shifted.outOfRangeShare()).isZero();
  }

  @Test
  void idTensors_areCategories_byTheirDecimalValue() {
    DriftEngine engine = new DriftEngine("shop", DriftData.countWindows(1_000, 1_000)
        .categorical("item_id").build(), List.of());
    long[] before = new long[1_000];
    long[] after = new long[1_000];
    for (int i = 0; i < before.length; i++) {
      before[i] = i % 4;       // ids 0..3, a quarter each
      after[i] = i % 2 + 2;    // ids 2 and 3 only
    }
    engine.add(DriftData.sample(V1, before, 1, before.length), 0);
    engine.add(DriftData.sample(V1, after, 1, after.length), 0);
    FeatureDrift drift = engine.report().feature("item_id").orElseThrow();

    assertThat(drift.kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(drift.drifted()).isTrue();
    // p = (¼, ¼, ¼, ¼), q = (0, 0, ½, ½), m = (⅛, ⅛, ⅜, ⅜): JS² = ½·KL(p‖m) + ½·KL(q‖m), log 2
    double log2 = Math.log(2);
    double klP = 0.5 * Math.log(2) / log2 + 0.5 * Math.log(2.0 / 3) / log2;
    double klQ = Math.log(4.0 / 3) / log2;
    assertThat(drift.jensenShannon())
        .isCloseTo(Math.sqrt(0.5 * klP + 0.5 * klQ), within(1e-9));
    assertThat(drift.windowSamples()).isEqualTo(1_000);
  }

  @Test
  void embeddingTopicShift_isFlagged_andTheSameTopicsAreNot() {
    Random random = new Random(5);
    float[][] topics = EmbeddingData.topics(random, 20, 64);
    DriftEngine engine = new DriftEngine("search", DriftData.countWindows(10_000, 5_000)
        .embedding("embedding").build(), List.of());
    DriftData.feed(engine, V1, EmbeddingData.vectors(random, topics, 0, 10, 10_000), 64, 0);
    DriftData.feed(engine, V1, EmbeddingData.vectors(random, topics, 0, 10, 5_000), 64, 0);
    FeatureDrift same = engine.report().feature("embedding").orElseThrow();
    // a third of the traffic moves to five new topics
    DriftData.feed(engine, V1, EmbeddingData.mixed(random, topics, 5_000), 64, 0);
    FeatureDrift shifted = engine.report().feature("embedding").orElseThrow();

    assertThat(same.drifted()).isFalse();
    assertThat(same.score(DriftMethod.DRIFTED_PROJECTIONS)).isLessThan(0.25);
    assertThat(shifted.drifted()).isTrue();
    assertThat(shifted.score(DriftMethod.DRIFTED_PROJECTIONS)).isGreaterThanOrEqualTo(0.25);
    assertThat(shifted.score(DriftMethod.CENTROID_COSINE))
        .isGreaterThan(3 * same.score(DriftMethod.CENTROID_COSINE));
  }

  private static DriftEngine numericEngine(long baseline, long window) {
    return new DriftEngine("ranker", DriftData.countWindows(baseline, window)
        .features("features", DriftData.columns(FEATURES)).build(), List.of());
  }

  private static void feedCategories(DriftEngine engine, Random random, double[] mix, int rows) {
    String[] values = new String[rows];
    for (int i = 0; i < rows; i++) {
      double u = random.nextDouble();
      int c = 0;
      while (c < mix.length - 1 && u >= mix[c]) {
        u -= mix[c];
        c++;
      }
      values[i] = "cat-" + c;
    }
    for (int from = 0; from < rows; from += 100) {
      String[] batch = Arrays.copyOfRange(values, from, Math.min(rows, from + 100));
      engine.add(DriftData.sample(V1, batch, 1, batch.length), 0);
    }
  }
}
