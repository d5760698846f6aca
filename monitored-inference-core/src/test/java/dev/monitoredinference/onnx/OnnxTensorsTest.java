package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.monitoredinference.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.junit.jupiter.api.Test;

class OnnxTensorsTest {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();

  @Test
  void fromNative_floatTensor_hasTheNativeValuesAndShape() throws OrtException {
    try (OnnxTensor tensor =
        OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1.5f, -2f, 3f, 0f}), new long[] {2, 2})) {
      Tensor copy = OnnxTensors.fromNative(tensor);

      assertThat(copy.shape()).containsExactly(2, 2);
      assertThat(copy.floatArray()).containsExactly(1.5f, -2f, 3f, 0f);
    }
  }

  @Test
  void fromNative_longTensor_hasTheNativeValues() throws OrtException {
    try (OnnxTensor tensor =
        OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {7, 8, 9}), new long[] {1, 3})) {
      assertThat(OnnxTensors.fromNative(tensor).longArray()).containsExactly(7, 8, 9);
    }
  }

  @Test
  void toNative_withoutAnArena_readsADirectBufferInEitherByteOrderAsItsValues() throws OrtException {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      FloatBuffer floats = ByteBuffer.allocateDirect(12).order(order).asFloatBuffer().put(new float[] {1.5f, -2f, 3f}).flip();
      LongBuffer longs = ByteBuffer.allocateDirect(16).order(order).asLongBuffer().put(new long[] {7, -8}).flip();
      try (OnnxTensor f = OnnxTensors.toNative(env, Tensor.ofFloats(floats, 3), null);
          OnnxTensor l = OnnxTensors.toNative(env, Tensor.ofLongs(longs, 2), null)) {
        assertThat(OnnxTensors.fromNative(f).floatArray()).as("%s", order).containsExactly(1.5f, -2f, 3f);
        assertThat(OnnxTensors.fromNative(l).longArray()).as("%s", order).containsExactly(7, -8);
      }
    }
  }

  @Test
  void isWholeArray_onlyForABufferOverAllOfItsArrayFromTheStart() {
    float[] array = new float[4];

    assertThat(OnnxTensors.isWholeArray(FloatBuffer.wrap(array), 4)).isTrue();
    assertThat(OnnxTensors.isWholeArray(FloatBuffer.wrap(array, 1, 3), 4)).isFalse();
    assertThat(OnnxTensors.isWholeArray(FloatBuffer.wrap(array, 1, 3).slice(), 4)).isFalse();
    assertThat(OnnxTensors.isWholeArray(FloatBuffer.wrap(array, 0, 3), 4)).isFalse();
  }
}
