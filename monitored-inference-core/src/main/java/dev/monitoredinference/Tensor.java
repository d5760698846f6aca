package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.Shapes;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * A typed tensor: flat data in row-major order plus an explicit shape.
 *
 * <p>Array-backed tensors hold the caller's array without copying it; the runtime copies it into
 * native memory once per call. Tensors over a <em>direct</em> buffer in native byte order are
 * handed to ONNX Runtime in place (zero-copy). Either way the caller must not change the data
 * while a call that uses it is running.
 *
 * <pre>{@code
 * Tensor features = Tensor.ofFloats(new float[] {0.1f, 0.7f, 0.2f, 0.9f}, 2, 2);
 * Tensor ids = Tensor.ofLongs(directLongBuffer, 1, 128);   // zero-copy
 * }</pre>
 *
 * <p>Immutable as far as this class is concerned and safe to share between threads.
 */
public final class Tensor {
  private final ElementType type;
  private final long[] shape;
  private final int size;
  private final Object data;

  private Tensor(ElementType type, long[] shape, int dataLength, Object data) {
    this.type = type;
    this.shape = shape.clone();
    this.size = Shapes.checkedElementCount(this.shape, dataLength);
    this.data = data;
  }

  /** A float tensor over {@code data}, which must hold exactly the shape's element count. */
  public static Tensor ofFloats(float[] data, long... shape) {
    return new Tensor(ElementType.FLOAT, shape, requireNonNull(data, "data").length, data);
  }

  /** A double tensor over {@code data}. */
  public static Tensor ofDoubles(double[] data, long... shape) {
    return new Tensor(ElementType.DOUBLE, shape, requireNonNull(data, "data").length, data);
  }

  /** An int32 tensor over {@code data}. */
  public static Tensor ofInts(int[] data, long... shape) {
    return new Tensor(ElementType.INT32, shape, requireNonNull(data, "data").length, data);
  }

  /** An int64 tensor over {@code data}. */
  public static Tensor ofLongs(long[] data, long... shape) {
    return new Tensor(ElementType.INT64, shape, requireNonNull(data, "data").length, data);
  }

  /** A bool tensor over {@code data}. */
  public static Tensor ofBooleans(boolean[] data, long... shape) {
    return new Tensor(ElementType.BOOL, shape, requireNonNull(data, "data").length, data);
  }

  /** A string tensor over {@code data}; no element may be null. */
  public static Tensor ofStrings(String[] data, long... shape) {
    requireNonNull(data, "data");
    for (int i = 0; i < data.length; i++) {
      if (data[i] == null) {
        throw new IllegalArgumentException("data[" + i + "] must not be null");
      }
    }
    return new Tensor(ElementType.STRING, shape, data.length, data);
  }

  /** A float tensor of shape {@code [rows, columns]} copied from a rectangular matrix. */
  public static Tensor of(float[][] matrix) {
    requireNonNull(matrix, "matrix");
    int columns = matrix.length == 0 ? 0 : requireNonNull(matrix[0], "matrix[0]").length;
    float[] flat = new float[Math.multiplyExact(matrix.length, columns)];
    for (int row = 0; row < matrix.length; row++) {
      float[] values = requireNonNull(matrix[row], "matrix[" + row + "]");
      if (values.length != columns) {
        throw new IllegalArgumentException(
            "matrix must be rectangular, but row " + row + " has " + values.length
                + " columns and row 0 has " + columns);
      }
      System.arraycopy(values, 0, flat, row * columns, columns);
    }
    return ofFloats(flat, matrix.length, columns);
  }

  /** A float tensor over the remaining elements of {@code buffer}; zero-copy when direct. */
  public static Tensor ofFloats(FloatBuffer buffer, long... shape) {
    return ofBuffer(ElementType.FLOAT, buffer, shape);
  }

  /** A double tensor over the remaining elements of {@code buffer}; zero-copy when direct. */
  public static Tensor ofDoubles(DoubleBuffer buffer, long... shape) {
    return ofBuffer(ElementType.DOUBLE, buffer, shape);
  }

  /** An int32 tensor over the remaining elements of {@code buffer}; zero-copy when direct. */
  public static Tensor ofInts(IntBuffer buffer, long... shape) {
    return ofBuffer(ElementType.INT32, buffer, shape);
  }

  /** An int64 tensor over the remaining elements of {@code buffer}; zero-copy when direct. */
  public static Tensor ofLongs(LongBuffer buffer, long... shape) {
    return ofBuffer(ElementType.INT64, buffer, shape);
  }

  /**
   * A bool tensor over the remaining bytes of {@code buffer}, one byte per element (0 false, else
   * true); zero-copy when direct.
   */
  public static Tensor ofBooleans(ByteBuffer buffer, long... shape) {
    return ofBuffer(ElementType.BOOL, buffer, shape);
  }

  private static Tensor ofBuffer(ElementType type, Buffer buffer, long[] shape) {
    requireNonNull(buffer, "buffer");
    // A slice: index 0 is the caller's position, and the caller's position and limit stay theirs.
    Buffer view = buffer.slice();
    return new Tensor(type, shape, view.remaining(), view);
  }

  /** The element type. */
  public ElementType type() {
    return type;
  }

  /** A copy of the shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The size of dimension {@code axis}. */
  public long dimension(int axis) {
    return shape[axis];
  }

  /** The number of elements, the product of the shape. */
  public int size() {
    return size;
  }

  /**
   * Whether the data sits in a direct buffer in the platform's byte order, which ONNX Runtime can
   * use in place (it reads direct memory as native order; a buffer in another order is copied).
   */
  public boolean isDirect() {
    return data instanceof Buffer && ((Buffer) data).isDirect() && inNativeOrder((Buffer) data);
  }

  private static boolean inNativeOrder(Buffer buffer) {
    ByteOrder order = buffer instanceof FloatBuffer ? ((FloatBuffer) buffer).order()
        : buffer instanceof DoubleBuffer ? ((DoubleBuffer) buffer).order()
        : buffer instanceof IntBuffer ? ((IntBuffer) buffer).order()
        : buffer instanceof LongBuffer ? ((LongBuffer) buffer).order()
        : ByteOrder.nativeOrder(); // bools: a byte each, no order
    return order == ByteOrder.nativeOrder();
  }

  /**
   * The data as a float array: the tensor's own array when array-backed (not copied), else a
   * copy of the buffer.
   *
   * @throws IllegalStateException if the tensor is not a float tensor
   */
  public float[] floatArray() {
    requireType(ElementType.FLOAT);
    if (data instanceof float[]) {
      return (float[]) data;
    }
    float[] copy = new float[size];
    ((FloatBuffer) buffer()).get(copy);
    return copy;
  }

  /** The data as a double array; see {@link #floatArray()} for when it is copied. */
  public double[] doubleArray() {
    requireType(ElementType.DOUBLE);
    if (data instanceof double[]) {
      return (double[]) data;
    }
    double[] copy = new double[size];
    ((DoubleBuffer) buffer()).get(copy);
    return copy;
  }

  /** The data as an int array; see {@link #floatArray()} for when it is copied. */
  public int[] intArray() {
    requireType(ElementType.INT32);
    if (data instanceof int[]) {
      return (int[]) data;
    }
    int[] copy = new int[size];
    ((IntBuffer) buffer()).get(copy);
    return copy;
  }

  /** The data as a long array; see {@link #floatArray()} for when it is copied. */
  public long[] longArray() {
    requireType(ElementType.INT64);
    if (data instanceof long[]) {
      return (long[]) data;
    }
    long[] copy = new long[size];
    ((LongBuffer) buffer()).get(copy);
    return copy;
  }

  /** The data as a boolean array; see {@link #floatArray()} for when it is copied. */
  public boolean[] booleanArray() {
    requireType(ElementType.BOOL);
    if (data instanceof boolean[]) {
      return (boolean[]) data;
    }
    ByteBuffer bytes = (ByteBuffer) buffer();
    boolean[] copy = new boolean[size];
    for (int i = 0; i < size; i++) {
      copy[i] = bytes.get(i) != 0;
    }
    return copy;
  }

  /** The data as a string array (the tensor's own array, not copied). */
  public String[] stringArray() {
    requireType(ElementType.STRING);
    return (String[]) data;
  }

  /**
   * The numeric data as a buffer whose index 0 and position are the first element, for runtimes
   * and validators: a view of the caller's buffer (direct buffers stay direct) or a heap buffer
   * wrapping the array. Bool data comes as one byte per
   * element (0 or 1).
   *
   * @throws IllegalStateException for string tensors
   */
  public Buffer buffer() {
    if (data instanceof Buffer) {
      return ((Buffer) data).duplicate(); // a view: the stored slice keeps its position
    }
    switch (type) {
      case FLOAT:
        return FloatBuffer.wrap((float[]) data);
      case DOUBLE:
        return DoubleBuffer.wrap((double[]) data);
      case INT32:
        return IntBuffer.wrap((int[]) data);
      case INT64:
        return LongBuffer.wrap((long[]) data);
      case BOOL:
        return boolBytes((boolean[]) data);
      default:
        throw new IllegalStateException("a " + type + " tensor has no buffer");
    }
  }

  private static ByteBuffer boolBytes(boolean[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length);
    for (boolean value : values) {
      bytes.put(value ? (byte) 1 : (byte) 0);
    }
    return bytes.flip();
  }

  private void requireType(ElementType expected) {
    if (type != expected) {
      throw new IllegalStateException(
          "tensor holds " + type + " " + Arrays.toString(shape) + ", not " + expected);
    }
  }

  @Override
  public String toString() {
    return type + Arrays.toString(shape);
  }
}
