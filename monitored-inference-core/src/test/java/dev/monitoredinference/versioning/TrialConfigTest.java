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
    assertThatThrownBy(() -> ComparisonConfig.ofDefaults().sampleRate(0))
        .hasMessage("sampleRate must be in (0, 1], but was 0.0");
    assertThatThrownBy(() -> ComparisonConfig.ofDefaults().sampleRate(1.5))
        .hasMessage("sampleRate must be in (0, 1], but was 1.5");
    assertThatThrownBy(() -> ComparisonConfig.ofDefaults().queueCapacity(0))
        .hasMessage("queueCapacity must be > 0, but was 0");
    assertThatThrownBy(() -> ComparisonConfig.ofDefaults().topK(-1))
        .hasMessage("topK must be > 0, but was -1");
    assertThat(ComparisonConfig.ofDefaults().sampleRate(1).queueCapacity(8).topK(3))
        .hasToString("ComparisonConfig[sampleRate=1.0, queueCapacity=8, topK=3]");
  }

  @Test
  void guardSetters_refuseBadValues() {
    assertThatThrownBy(() -> RollbackGuardConfig.ofDefaults().minCalls(0))
        .hasMessage("minCalls must be > 0, but was 0");
    assertThatThrownBy(() -> RollbackGuardConfig.ofDefaults().maxErrorRatio(1))
        .hasMessage("maxErrorRatio must be in [0, 1), but was 1.0");
    assertThatThrownBy(() -> RollbackGuardConfig.ofDefaults().maxLatencyRatio(0.5))
        .hasMessage("maxLatencyRatio must be >= 1 and finite, but was 0.5");
    assertThatThrownBy(() -> RollbackGuardConfig.ofDefaults().maxDivergence(Double.NaN))
        .hasMessage("maxDivergence must be >= 0 and finite, but was NaN");
    assertThat(RollbackGuardConfig.ofDefaults()).hasToString(
        "RollbackGuardConfig[minCalls=200, maxErrorRatio=0.05, maxLatencyRatio=2.0, maxDivergence=0.1]");
  }

  @Test
  void trialSettingsWithoutAdmin_areRefusedByTheBuilder() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker")
            .modelBytes(TestModels.linearScorer(new float[] {1f, 1f}, 1f))
            .rollbackGuard(RollbackGuardConfig.ofDefaults())
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' was given comparison(...) or rollbackGuard(...) but no"
            + " admin(...) to start canary or shadow trials");
  }
}
