package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each setter checks its argument at once, naming the parameter and the value. */
class DriftConfigTest {
  @Test
  void setters_rejectBadValues_withTheParameterAndValue() {
    DriftConfigBuilder builder = DriftConfig.builder();
    assertThatThrownBy(() -> builder.k(2)).hasMessage("k must be in [8, 65535], but was 2");
    assertThatThrownBy(() -> builder.bins(1)).hasMessage("bins must be in [2, 100], but was 1");
    assertThatThrownBy(() -> builder.alpha(0.5))
        .hasMessage("alpha must be in (0, 0.5), but was 0.5");
    assertThatThrownBy(() -> builder.sampleRate(0))
        .hasMessage("sampleRate must be in (0, 1], but was 0.0");
    assertThatThrownBy(() -> builder.window(Duration.ZERO))
        .hasMessage("window must be > 0, but was PT0S");
    assertThatThrownBy(() -> builder.windowSamples(0))
        .hasMessage("windowSamples must be >= 1, but was 0");
    assertThatThrownBy(() -> builder.queueCapacity(0))
        .hasMessage("queueCapacity must be in [1, 1000000], but was 0");
    assertThatThrownBy(() -> Baseline.capture(10))
        .hasMessage("baseline samples must be >= 100, but was 10");
    assertThatThrownBy(() -> Baseline.from(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the bytes are not a drift baseline of format 2");
  }

  @Test
  void featureNames_mustBeUnique_andSomeFeatureIsRequired() {
    DriftConfigBuilder builder = DriftConfig.builder().features("features", List.of("price"));
    assertThatThrownBy(() -> builder.outputs("price"))
        .hasMessage("feature 'price' is configured twice");
    assertThatThrownBy(() -> DriftConfig.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("drift needs at least one of features, outputs, categorical or embedding");
  }

  @Test
  void featureNames_listEveryFeatureInConfigurationOrder() {
    DriftConfig config = DriftConfig.builder()
        .features("features", List.of("price", "ctr"))
        .outputs("score")
        .categorical("category")
        .embedding("embedding")
        .build();

    assertThat(config.featureNames()).containsExactly("price", "ctr", "score", "category",
        "embedding");
    assertThat(config.baseline().captureSamples()).isEqualTo(10_000);
  }
}
