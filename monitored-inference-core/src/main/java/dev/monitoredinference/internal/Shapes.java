package dev.monitoredinference.internal;

import java.util.Arrays;

/** Shape arithmetic shared by tensors, signatures and the runtime. */
public final class Shapes {
  private Shapes() {}

  /**
   * The element count of {@code shape}, checked against the length of the data that backs it.
   *
   * @throws IllegalArgumentException if a dimension is negative, the product overflows an int, or
   *     it differs from {@code dataLength}
   */
  public static int checkedElementCount(long[] shape, int dataLength) {
    long count = 1;
    for (int axis = 0; axis < shape.length; axis++) {
      long dim = shape[axis];
      if (dim < 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has negative dimension " + dim + " at axis "
                + axis);
      }
      // Checking the factor first keeps the long product itself from overflowing.
      if (dim > Integer.MAX_VALUE || (count *= dim) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " holds more than " + Integer.MAX_VALUE
                + " elements");
      }
    }
    if (count != dataLength) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + count + " elements, but the data has "
              + dataLength);
    }
    return (int) count;
  }
}
