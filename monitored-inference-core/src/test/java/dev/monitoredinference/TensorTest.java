package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void shapeMustMatchTheData() {
    assertThatThrownBy(() -> Tensor.ofFloats(new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape [2, 3] holds 6 elements, but the data has 5");
    assertThatThrownBy(() -> Tensor.ofLongs(new long[0], 2, -1))
        .hasMessage("shape [2, -1] has negative dimension -1 at axis 1");
  }

  @Test
  void overflowingShapes_areRefusedWithoutReadingData() {
    assertThatThrownBy(() -> Tensor.ofFloats(new float[1], 1L << 20, 1L << 20))
        .hasMessage("shape [1048576, 1048576] holds more than 2147483647 elements");
    assertThatThrownBy(() -> Tensor.ofFloats(new float[1], Long.MAX_VALUE, Long.MAX_VALUE))
        .hasMessageContaining("holds more than 2147483647 elements");
  }

  @Test
  void matrices_mustBeRectangular() {
    assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, {3}}))
        .hasMessage("matrix must be rectangular, but row 1 has 1 columns and row 0 has 2");
    Tensor tensor = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    assertThat(tensor.shape()).containsExactly(3, 2);
    assertThat(tensor.floatArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void bufferTensors_leaveTheCallersBufferUntouched() {
    FloatBuffer buffer = FloatBuffer.wrap(new float[] {9, 1, 2});
    buffer.position(1);
    Tensor tensor = Tensor.ofFloats(buffer, 2);
    assertThat(tensor.floatArray()).containsExactly(1, 2);
    assertThat(buffer.position()).isEqualTo(1);
    assertThat(tensor.isDirect()).isFalse();
  }

  @Test
  void typedAccess_namesTheActualType() {
    assertThatThrownBy(() -> Tensor.ofInts(new int[2], 2).floatArray())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tensor holds int32 [2], not float");
  }

  @Test
  void inputs_refuseDuplicateAndBlankNames() {
    Tensor t = Tensor.ofFloats(new float[1], 1);
    assertThatThrownBy(() -> Inputs.builder().put("a", t).put("a", t))
        .hasMessage("input 'a' is already present");
    assertThatThrownBy(() -> Inputs.builder().put("", t))
        .hasMessage("input name must not be blank, but was ''");
    assertThatThrownBy(() -> Inputs.builder().build())
        .hasMessage("inputs must hold at least one tensor");
  }

  @Test
  void predictions_nameTheMissingOutputAndTheWrongType() {
    Prediction p = Prediction.builder(Fakes.RANKER_V7).put("score", Tensor.ofFloats(new float[] {1f}, 1, 1)).build();
    assertThatThrownBy(() -> p.floatArray("scores"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model 'ranker' version 7 has no output 'scores'; outputs are [score]");
    assertThatThrownBy(() -> p.longArray("score"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("output 'score' of model 'ranker' version 7 is float[1, 1], not int64");
  }
}
