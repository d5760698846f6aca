package dev.monitoredinference.drift;

import static dev.monitoredinference.drift.DriftData.V1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * KLL compaction is seeded from the configuration: a replayed stream gives the same report, to
 * the bit, even with other sketching in between; another seed gives other sketches.
 */
class ReplayReproducibilityTest {
  private static final int FEATURES = 4;

  @Test
  void aReplayedStream_givesTheSameReport_andAnotherSeedDoesNot() {
    float[] baseline = DriftData.gaussianRows(new Random(1), 20_000, FEATURES, -1, 0);
    float[] window = DriftData.gaussianRows(new Random(2), 20_000, FEATURES, 2, 0.1);

    List<FeatureDrift> first = replay(baseline, window, 42);
    replay(window, baseline, 7); // other sketching in between draws from the same coin
    List<FeatureDrift> second = replay(baseline, window, 42);
    List<FeatureDrift> otherSeed = replay(baseline, window, 43);

    assertThat(second).extracting(FeatureDrift::toString)
        .containsExactlyElementsOf(first.stream().map(FeatureDrift::toString).toList());
    assertThat(otherSeed.get(2).psi()).isNotEqualTo(first.get(2).psi());
  }

  private static List<FeatureDrift> replay(float[] baseline, float[] window, long seed) {
    DriftEngine engine = new DriftEngine("ranker", DriftData.countWindows(20_000, 20_000)
        .features("features", DriftData.columns(FEATURES)).projections(16, seed).build(),
        List.of());
    DriftData.feed(engine, V1, baseline, FEATURES, 0);
    DriftData.feed(engine, V1, window, FEATURES, 0);
    List<FeatureDrift> features = engine.report().features();
    assertThat(features).hasSize(FEATURES);
    assertThat(features.get(0).windowSamples()).isEqualTo(20_000);
    return features;
  }
}
