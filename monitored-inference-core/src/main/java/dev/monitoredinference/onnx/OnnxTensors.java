package dev.monitoredinference.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.Tensor;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between {@link Tensor} and {@link OnnxTensor}. Inputs: a direct buffer in native order
 * is used in place; array data is copied into native memory once. Outputs: copied into Java
 * arrays, because the native result is closed before the call returns.
 */
final class OnnxTensors {
  private OnnxTensors() {}

  /** A native tensor over {@code tensor}'s data; the caller must close it. */
  static OnnxTensor toNative(OrtEnvironment env, Tensor tensor) throws OrtException {
    long[] shape = tensor.shape();
    switch (tensor.type()) {
      case FLOAT:
        return OnnxTensor.createTensor(env, (FloatBuffer) tensor.buffer(), shape);
      case DOUBLE:
        return OnnxTensor.createTensor(env, (DoubleBuffer) tensor.buffer(), shape);
      case INT32:
        return OnnxTensor.createTensor(env, (IntBuffer) tensor.buffer(), shape);
      case INT64:
        return OnnxTensor.createTensor(env, (LongBuffer) tensor.buffer(), shape);
      case BOOL:
        return OnnxTensor.createTensor(env, (ByteBuffer) tensor.buffer(), shape, OnnxJavaType.BOOL);
      case STRING:
        return OnnxTensor.createTensor(env, tensor.stringArray(), shape);
      default:
        throw new IllegalArgumentException("unsupported element type " + tensor.type());
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
        FloatBuffer floats = tensor.getFloatBuffer();
        float[] floatData = new float[floats.remaining()];
        floats.get(floatData);
        return Tensor.ofFloats(floatData, shape);
      case DOUBLE:
        DoubleBuffer doubles = tensor.getDoubleBuffer();
        double[] doubleData = new double[doubles.remaining()];
        doubles.get(doubleData);
        return Tensor.ofDoubles(doubleData, shape);
      case INT32:
        IntBuffer ints = tensor.getIntBuffer();
        int[] intData = new int[ints.remaining()];
        ints.get(intData);
        return Tensor.ofInts(intData, shape);
      case INT64:
        LongBuffer longs = tensor.getLongBuffer();
        long[] longData = new long[longs.remaining()];
        longs.get(longData);
        return Tensor.ofLongs(longData, shape);
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
