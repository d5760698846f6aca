package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.testing.OnnxModelWriter;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.validation.InputSchema;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Free dimensions a model names alike (ONNX {@code dim_param}) must have one size in a call. ONNX
 * Runtime does not check this; the graph's ops then fail (ORT_FAIL) as if the model were at fault.
 */
class NamedDimensionsTest {
  private static final long FREE = TensorSpec.FREE;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private long runs(String model) {
    return registry.find("monitored.inference.run.duration").tag("model", model).timers().stream()
        .mapToLong(Timer::count).sum();
  }

  @Test
  void predict_maskLongerThanTheIds_isRejectedBeforeTheRuntime() {
    byte[] encoder = TestModels.tokenEncoder(new float[] {1, 2, 3, 4, 5, 6}, 2);
    try (MonitoredModel model = MonitoredModel.builder("encoder").modelBytes(encoder).metrics(registry).build()) {
      Inputs mismatched = Inputs.builder()
          .put("input_ids", Tensor.ofLongs(new long[6], 2, 3))
          .put("attention_mask", Tensor.ofLongs(new long[8], 2, 4))
          .build();

      assertThatThrownBy(() -> model.predict(mismatched))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("invalid input for model 'encoder' version 1:\n  input 'attention_mask' breaks"
              + " rule shape: dimension 1 is 4, but dimension 1 of 'input_ids' is 3; the model names"
              + " both 'd1', so they must be equal");
      assertThat(runs("encoder")).isZero();
      assertThat(registry.get("monitored.inference.rejections").tags("model", "encoder", "reason", "shape")
          .counter().count()).isEqualTo(1);
    }
  }

  /** Each input within maxElements, but broadcast together they would need 4 TiB. */
  @Test
  void predict_columnAndRowThatWouldBroadcastToAHugeOutput_isRejected() {
    byte[] add = OnnxModelWriter.graph("add")
        .input("a", ElementType.FLOAT, FREE, FREE)
        .input("b", ElementType.FLOAT, FREE, FREE)
        .output("c", ElementType.FLOAT, FREE, FREE)
        .node("Add", List.of("a", "b"), List.of("c"))
        .toBytes();
    try (MonitoredModel model = MonitoredModel.builder("add").modelBytes(add)
        .validate(InputSchema.fromModel().maxElements(1 << 21)).metrics(registry).build()) {
      Inputs outer = Inputs.builder()
          .put("a", Tensor.ofFloats(new float[1 << 20], 1 << 20, 1))
          .put("b", Tensor.ofFloats(new float[1 << 20], 1, 1 << 20))
          .build();

      assertThatThrownBy(() -> model.predict(outer))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("invalid input for model 'add' version unversioned:\n  input 'b' breaks rule shape:"
              + " dimension 0 is 1, but dimension 0 of 'a' is 1048576; the model names both 'batch', so"
              + " they must be equal");
      assertThat(runs("add")).isZero();
    }
  }

  @Test
  void loadedSignature_carriesTheModelsDimensionNames() {
    byte[] encoder = TestModels.tokenEncoder(new float[] {1, 2}, 2);
    try (MonitoredModel model = MonitoredModel.builder("encoder").modelBytes(encoder).build()) {
      TensorSpec ids = model.version().inputs().get(0);
      assertThat(List.of(ids.dimensionName(0), ids.dimensionName(1))).containsExactly("batch", "d1");
      Inputs agreeing = Inputs.builder()
          .put("input_ids", Tensor.ofLongs(new long[] {0, 0}, 1, 2))
          .put("attention_mask", Tensor.ofLongs(new long[] {1, 0}, 1, 2))
          .build();
      assertThat(model.predict(agreeing).floatArray("last_hidden_state")).containsExactly(1, 2, 0, 0);
    }
  }

  @Test
  void predict_oneNameTwiceInOneInput_mustAgree() {
    ModelVersion square = ModelVersion.builder("square", "1")
        .input(TensorSpec.of("m", ElementType.FLOAT, FREE, FREE).withDimensionNames("n", "n"))
        .output(TensorSpec.of("y", ElementType.FLOAT, 1))
        .build();
    FakeModelRuntime runtime =
        FakeModelRuntime.of(square, in -> Map.of("y", Tensor.ofFloats(new float[] {0}, 1)));
    try (MonitoredModel model = MonitoredModel.builder("square").runtime(runtime).build()) {
      assertThatThrownBy(() -> model.predict(Inputs.of("m", Tensor.ofFloats(new float[6], 2, 3))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageEndingWith("input 'm' breaks rule shape: dimension 1 is 3, but dimension 0 of 'm'"
              + " is 2; the model names both 'n', so they must be equal");
      model.predict(Inputs.of("m", Tensor.ofFloats(new float[4], 2, 2)));
      assertThat(runtime.calls()).isEqualTo(1);
    }
  }

  @Test
  void withDimensionNames_checksItsArgumentsAtOnce() {
    TensorSpec spec = TensorSpec.of("x", ElementType.FLOAT, FREE, 4);
    assertThatThrownBy(() -> spec.withDimensionNames("batch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'x' has 2 dimensions, but was given 1 names [batch]");
    assertThatThrownBy(() -> spec.withDimensionNames("batch", "width"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension 1 of 'x' is fixed at 4 and takes no name, but was named 'width'");
    assertThat(spec.withDimensionNames("batch", "").dimensionName(0)).isEqualTo("batch");
    assertThat(spec.dimensionName(0)).isEmpty();
  }
}
