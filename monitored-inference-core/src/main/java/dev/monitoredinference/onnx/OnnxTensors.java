package dev.monitoredinference.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.Tensor;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Converts between {@link Tensor} and {@link OnnxTensor}. Inputs: a direct buffer in native order
 * is used in place (one in the other order is copied: ONNX Runtime would misread it); array data
 * is copied into native memory once (into a run's {@link InputArena} when it has one). Outputs:
 * copied into Java arrays once (the copy ONNX Runtime's {@code get*Buffer()} makes, whose array is
 * kept), because the native result is closed before the call returns.
 */
final class OnnxTensors {
  private OnnxTensors() {}

  /**
   * A native tensor over {@code tensor}'s data, copied into {@code arena} when it takes it; the
   * caller must close it (and keep the arena until then).
   */
  static OnnxTensor toNative(OrtEnvironment env, Tensor tensor, @Nullable InputArena arena)
      throws OrtException {
    long[] shape = tensor.shape();
    if (tensor.type() == ElementType.STRING) {
      return OnnxTensor.createTensor(env, tensor.stringArray(), shape);
    }
    Buffer copied = arena == null ? null : arena.copy(tensor);
    Buffer data = copied != null ? copied : readable(tensor);
    switch (tensor.type()) {
      case FLOAT:
        return OnnxTensor.createTensor(env, (FloatBuffer) data, shape);
      case DOUBLE:
        return OnnxTensor.createTensor(env, (DoubleBuffer) data, shape);
      case INT32:
        return OnnxTensor.createTensor(env, (IntBuffer) data, shape);
      case INT64:
        return OnnxTensor.createTensor(env, (LongBuffer) data, shape);
      case BOOL:
        return OnnxTensor.createTensor(env, (ByteBuffer) data, shape, OnnxJavaType.BOOL);
      default:
        throw new IllegalArgumentException("unsupported element type " + tensor.type());
    }
  }

  /**
   * The tensor's data as ONNX Runtime reads it right: it takes any direct buffer in place and reads
   * it as native order, so a direct buffer in the other order is copied to a heap array first.
   */
  private static Buffer readable(Tensor tensor) {
    Buffer buffer = tensor.buffer();
    if (!buffer.isDirect() || tensor.isDirect()) {
      return buffer;
    }
    switch (tensor.type()) {
      case FLOAT:
        return FloatBuffer.wrap(tensor.floatArray());
      case DOUBLE:
        return DoubleBuffer.wrap(tensor.doubleArray());
      case INT32:
        return IntBuffer.wrap(tensor.intArray());
      default: // INT64; bools are bytes, direct in any order
        return LongBuffer.wrap(tensor.longArray());
    }
  }

  /** A Java copy of a native output tensor. */
  static Tensor fromNative(OnnxTensor tensor) throws OrtException {
    TensorInfo info = tensor.getInfo();
    long[] shape = info.getShape();
    ElementType type = OnnxTypes.elementType(info.type);
    if (type == null) {
      throw new IllegalArgumentException("unsupported output element type " + info.type);
    }
    switch (type) {
      case FLOAT:
        return Tensor.ofFloats(floats(tensor.getFloatBuffer()), shape);
      case DOUBLE:
        return Tensor.ofDoubles(doubles(tensor.getDoubleBuffer()), shape);
      case INT32:
        return Tensor.ofInts(ints(tensor.getIntBuffer()), shape);
      case INT64:
        return Tensor.ofLongs(longs(tensor.getLongBuffer()), shape);
      case BOOL:
        ByteBuffer bytes = tensor.getByteBuffer();
        boolean[] boolData = new boolean[bytes.remaining()];
        for (int i = 0; i < boolData.length; i++) {
          boolData[i] = bytes.get() != 0;
        }
        return Tensor.ofBooleans(boolData, shape);
      default:
        List<String> strings = new ArrayList<>();
        flattenStrings(tensor.getValue(), strings);
        return Tensor.ofStrings(strings.toArray(new String[0]), shape);
    }
  }

  // ONNX Runtime's get*Buffer() already copies the native output into a new heap buffer that no
  // one else holds: take its array as it is rather than copy it a second time (for MiniLM's
  // [1, 9, 384] output the second copy was 13.8 KB per call). A buffer that is not exactly one
  // whole array is copied.

  private static float[] floats(FloatBuffer buffer) {
    if (buffer.hasArray() && isWholeArray(buffer, buffer.array().length)) {
      return buffer.array();
    }
    float[] copy = new float[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  private static double[] doubles(DoubleBuffer buffer) {
    if (buffer.hasArray() && isWholeArray(buffer, buffer.array().length)) {
      return buffer.array();
    }
    double[] copy = new double[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  private static int[] ints(IntBuffer buffer) {
    if (buffer.hasArray() && isWholeArray(buffer, buffer.array().length)) {
      return buffer.array();
    }
    int[] copy = new int[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  private static long[] longs(LongBuffer buffer) {
    if (buffer.hasArray() && isWholeArray(buffer, buffer.array().length)) {
      return buffer.array();
    }
    long[] copy = new long[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  /** Whether {@code buffer}'s remaining elements are all of its {@code arrayLength}-long array. */
  static boolean isWholeArray(Buffer buffer, int arrayLength) {
    return buffer.arrayOffset() == 0 && buffer.position() == 0 && buffer.remaining() == arrayLength;
  }

  /** ONNX Runtime returns string tensors as nested arrays (or a bare string for a scalar). */
  private static void flattenStrings(Object value, List<String> into) {
    if (value instanceof String) {
      into.add((String) value);
    } else {
      for (Object element : (Object[]) value) {
        flattenStrings(element, into);
      }
    }
  }
}
