package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.testing.TestModels;
import org.junit.jupiter.api.Test;

/** ONNX Runtime's own telemetry stays off unless the operator turns it on. */
class OnnxModelLoaderTelemetryTest {
  private static final byte[] MODEL = TestModels.linearScorer(new float[] {1f, 2f}, 0.5f);

  @Test
  void loaders_leaveRuntimeTelemetryOff_byDefault() {
    assertThat(OnnxModelLoader.create().runtimeTelemetry()).isFalse();
    assertThat(OnnxModelLoader.builder().build().runtimeTelemetry()).isFalse();
  }

  @Test
  void runtimeTelemetry_canBeTurnedOn_andTheModelServesEitherWay() {
    OnnxModelLoader on = OnnxModelLoader.builder().runtimeTelemetry(true).build();
    assertThat(on.runtimeTelemetry()).isTrue();
    for (OnnxModelLoader loader : new OnnxModelLoader[] {on, OnnxModelLoader.create()}) {
      try (MonitoredModel model = MonitoredModel.builder("telemetry").modelBytes(MODEL).loader(loader).build()) {
        assertThat(model.predict(Inputs.of("features", new float[][] {{3f, 4f}})).floatArray("score"))
            .containsExactly(11.5f);
      }
    }
  }
}
