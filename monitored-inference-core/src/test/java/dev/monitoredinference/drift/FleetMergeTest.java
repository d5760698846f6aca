package dev.monitoredinference.drift;

import static dev.monitoredinference.drift.DriftData.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fleet score is the score of merged replica sketches, equal to one sketch of all the data
 * within the sketch error: KS within ε + ε, PSI within twice the first-order PSI error (both are
 * sketches, compacted with different random choices).
 */
class FleetMergeTest {
  private static final int WIDTH = 3;
  private final DriftConfig config = DriftData.countWindows(10_000, 5_000)
      .features("features", List.of("price", "ctr", "dwell")).build();
  private final DriftSchema schema = new DriftSchema(config.specs);

  @Test
  void mergingFourReplicaWindows_scoresAsOneSketchOfAllTheData_withinSketchError() {
    Random random = new Random(21);
    DriftEngine engine = new DriftEngine("ranker", config, List.of());
    float[] baselineRows = DriftData.gaussianRows(random, 10_000, WIDTH, -1, 0);
    DriftData.feed(engine, V1, baselineRows, WIDTH, 0);
    FrozenBaseline frozen = engine.baseline();
    byte[] baseline = ProfileCodec.writeBaseline(schema, frozen.profile, 200, frozen.provenance);

    Profile all = engine.emptyProfile();
    float[] allRows = new float[20_000 * WIDTH];
    List<byte[]> replicas = new ArrayList<>();
    for (int replica = 0; replica < 4; replica++) {
      float[] rows = DriftData.gaussianRows(random, 5_000, WIDTH, 1, 0.2);
      Sample sample = DriftData.sample(V1, rows, WIDTH, 5_000);
      Profile window = engine.emptyProfile();
      window.add(schema, sample, 0, 5_000);
      all.add(schema, sample, 0, 5_000);
      System.arraycopy(rows, 0, allRows, replica * rows.length, rows.length);
      replicas.add(ProfileCodec.writeWindow(schema, window, 200));
    }
    DriftReport fleet = DriftFleet.score("ranker", config, baseline, replicas);
    DriftReport single = DriftFleet.score("ranker", config, baseline,
        List.of(ProfileCodec.writeWindow(schema, all, 200)));

    assertThat(fleet.windowSamples()).isEqualTo(20_000);
    assertThat(fleet.drifted()).containsExactly("ctr").isEqualTo(single.drifted());
    for (int f = 0; f < WIDTH; f++) {
      FeatureDrift a = fleet.features().get(f);
      FeatureDrift b = single.features().get(f);
      assertThat(a.ks()).isCloseTo(b.ks(), within(2 * 0.0133));
      // both are sketches of the same data: each within the first-order PSI error of the exact
      float[] splits = FrozenBaseline.splits(frozen.profile.numeric(f), 10);
      double bound = SketchAccuracyTest.psiErrorBound(column(baselineRows, f),
          column(allRows, f), splits);
      assertThat(a.psi()).isCloseTo(b.psi(), within(2 * bound));
      assertThat(a.windowSamples()).isEqualTo(b.windowSamples()).isEqualTo(20_000);
    }
  }

  @Test
  void outliers_nameTheReplicaWhoseDataDiffersFromMostPeers_andOnlyItsShiftedFeature() {
    Random random = new Random(5);
    Map<String, byte[]> windows = new LinkedHashMap<>();
    for (String replica : List.of("a", "b", "c", "d")) {
      // replica c's ctr (column 1) is shifted by 0.5 sd; the others are alike
      float[] rows = DriftData.gaussianRows(random, 5_000, WIDTH, replica.equals("c") ? 1 : -1, 0.5);
      Profile window = new DriftEngine("ranker", config, List.of()).emptyProfile();
      window.add(schema, DriftData.sample(V1, rows, WIDTH, 5_000), 0, 5_000);
      windows.put(replica, ProfileCodec.writeWindow(schema, window, 200));
    }

    assertThat(DriftFleet.outliers("ranker", config, windows)).containsExactly(
        entry("a", List.of()), entry("b", List.of()), entry("c", List.of("ctr")),
        entry("d", List.of()));
    windows.remove("d");
    windows.remove("a");
    assertThatThrownBy(() -> DriftFleet.outliers("ranker", config, windows))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outliers need at least 3 replicas' windows, but got 2");
  }

  private static float[] column(float[] rows, int column) {
    float[] values = new float[rows.length / WIDTH];
    for (int r = 0; r < values.length; r++) {
      values[r] = rows[r * WIDTH + column];
    }
    return values;
  }

  @Test
  void mergingWindowsOfOtherFeatures_isRejected() {
    DriftConfig other = DriftData.countWindows(100, 100).features("features", List.of("price"))
        .build();
    byte[] a = ProfileCodec.writeWindow(schema, Profile.empty(schema.features, 200, 16, 42), 200);
    DriftSchema otherSchema = new DriftSchema(other.specs);
    byte[] b = ProfileCodec.writeWindow(otherSchema,
        Profile.empty(otherSchema.features, 200, 16, 42), 200);

    assertThatThrownBy(() -> DriftFleet.merge(List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window 1 has features [price] at k 200, but window 0 has [price, ctr, dwell]"
            + " at k 200");
    assertThatThrownBy(() -> DriftFleet.merge(List.of(new byte[] {1, 2, 3})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the bytes are not a readable drift window");
  }
}
