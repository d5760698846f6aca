package dev.monitoredinference.drift;

import static dev.monitoredinference.drift.DriftData.V1;
import static dev.monitoredinference.drift.DriftData.V2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;

/**
 * Memory stays within the stated bound whatever the traffic: per numeric feature at most
 * (subWindows + 3) KLL sketches of at most {@code getMaxSerializedSizeBytes(200, 10^8)} bytes
 * (2.8 KB) per version, at most 3 versions.
 */
class MemoryBoundTest {
  private static final long KLL_MAX =
      KllSketch.getMaxSerializedSizeBytes(200, 100_000_000L, KllSketch.SketchType.FLOATS_SKETCH,
          false) + Long.BYTES;

  @Test
  void sketchBytes_stayWithinTheStatedBound_after300kRows() {
    DriftEngine engine = new DriftEngine("ranker", DriftConfig.builder()
        .features("features", DriftData.columns(4))
        .baseline(Baseline.capture(10_000)).windowSamples(50_000).subWindows(5)
        .ticker(() -> 0L).build(), List.of());
    Random random = new Random(1);
    for (int i = 0; i < 3; i++) {
      DriftData.feed(engine, V1, DriftData.gaussianRows(random, 100_000, 4, -1, 0), 4, 0);
    }
    long perVersionBound = 4 * (5 + 3) * KLL_MAX;

    assertThat(KLL_MAX).isLessThan(2_900);
    assertThat(engine.serializedBytes()).isPositive().isLessThanOrEqualTo(perVersionBound);
    assertThat(engine.report().windowSamples()).isEqualTo(50_000);
  }

  @Test
  void aNewVersion_capturesItsOwnBaseline_unlessPinned_andAtMostThreeVersionsAreKept() {
    Random random = new Random(2);
    DriftEngine own = engine(Baseline.capture(1_000));
    DriftEngine pinned = engine(Baseline.capture(1_000).pinned());
    for (DriftEngine engine : List.of(own, pinned)) {
      DriftData.feed(engine, V1, DriftData.gaussianRows(random, 2_000, 2, -1, 0), 2, 0);
      DriftData.feed(engine, V2, DriftData.gaussianRows(random, 1_000, 2, -1, 0), 2, 0);
    }

    assertThat(own.report().status()).isEqualTo(DriftReport.Status.SCORED);
    assertThat(own.report().windowSamples()).isZero(); // V2 froze its own baseline, no window yet
    assertThat(own.baseline().provenance.modelVersion()).isEqualTo("2");
    assertThat(pinned.report().windowSamples()).isEqualTo(1_000); // V2 scored against V1's
    assertThat(pinned.baseline().provenance.modelVersion()).isEqualTo("1");
    assertThat(pinned.baseline().provenance.pinned()).isTrue();

    for (char digit = 'c'; digit <= 'f'; digit++) {
      DriftData.feed(own, DriftData.version(String.valueOf(digit), digit),
          DriftData.gaussianRows(random, 100, 2, -1, 0), 2, 0);
    }
    long bytes = own.serializedBytes();
    assertThat(bytes).isLessThanOrEqualTo(DriftEngine.MAX_VERSIONS * 2 * (1 + 3) * KLL_MAX);
  }

  @Test
  void categoryValues_areCutTo128Characters() {
    DriftSchema schema = new DriftSchema(DriftConfig.builder().categorical("query").build().specs);
    Profile profile = Profile.empty(schema.features, 200, 16, 42);
    String longValue = "x".repeat(1_000);

    profile.add(schema, DriftData.sample(V1, new String[] {longValue, longValue + "y"}, 1, 2), 0, 2);

    assertThat(profile.categorical(0).estimate("x".repeat(128))).isEqualTo(2);
    assertThat(profile.categorical(0).estimate(longValue)).isZero();
  }

  private static DriftEngine engine(Baseline baseline) {
    return new DriftEngine("ranker", DriftData.countWindows(1_000, 1_000).baseline(baseline)
        .features("features", DriftData.columns(2)).build(), List.of());
  }
}
