package dev.monitoredinference.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.testing.TestModels;
import org.junit.jupiter.api.Test;

/** The trial configs fail fast and name the bad value; the builder refuses them without admin. */
class TrialConfigTest {
  @Test
  void comparisonSetters_refuseBadValues() {
    assertThatThrownBy(() -> ComparisonConfig.defaults().sampleRate(0))
        .hasMessage("sampleRate must be in (0, 1], but was 0.0");
    assertThatThrownBy(() -> ComparisonConfig.defaults().sampleRate(1.5))
        .hasMessage("sampleRate must be in (0, 1], but was 1.5");
    assertThatThrownBy(() -> ComparisonConfig.defaults().queueCapacity(0))
        .hasMessage("queueCapacity must be > 0, but was 0");
    assertThatThrownBy(() -> ComparisonConfig.defaults().topK(-1))
        .hasMessage("topK must be > 0, but was -1");
    assertThat(ComparisonConfig.defaults().sampleRate(1).queueCapacity(8).topK(3))
        .hasToString("ComparisonConfig[sampleRate=1.0, queueCapacity=8, topK=3]");
  }

  @Test
  void guardSetters_refuseBadValues() {
    assertThatThrownBy(() -> RollbackGuardConfig.defaults().minCalls(0))
        .hasMessage("minCalls must be > 0, but was 0");
    assertThatThrownBy(() -> RollbackGuardConfig.defaults().maxErrorRatio(1))
        .hasMessage("maxErrorRatio must be in [0, 1), but was 1.0");
    assertThatThrownBy(() -> RollbackGuardConfig.defaults().maxLatencyRatio(0.5))
        .hasMessage("maxLatencyRatio must be >= 1 and finite, but was 0.5");
    assertThatThrownBy(() -> RollbackGuardConfig.defaults().maxDivergence(Double.NaN))
        .hasMessage("maxDivergence must be >= 0 and finite, but was NaN");
    assertThat(RollbackGuardConfig.defaults()).hasToString(
        "RollbackGuardConfig[minCalls=200, maxErrorRatio=0.05, maxLatencyRatio=2.0, maxDivergence=0.1]");
  }

  @Test
  void trialSettingsWithoutAdmin_areRefusedByTheBuilder() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker")
            .modelBytes(TestModels.linearScorer(new float[] {1f, 1f}, 1f))
            .rollbackGuard(RollbackGuardConfig.defaults())
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' was given comparison(...) or rollbackGuard(...) but no"
            + " admin(...) to start canary or shadow trials");
  }
}
