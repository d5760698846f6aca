package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A model's declared input or output: name, element type and shape, where a dimension of {@code
 * -1} is free (a symbolic dimension such as the batch size).
 */
public final class TensorSpec {
  /** The value of a free dimension in {@link #shape()}. */
  public static final long FREE = -1;

  private final String name;
  private final ElementType type;
  private final long[] shape;

  private TensorSpec(String name, ElementType type, long[] shape) {
    this.name = requireNonNull(name, "name");
    this.type = requireNonNull(type, "type");
    this.shape = requireNonNull(shape, "shape").clone();
    for (long dim : this.shape) {
      if (dim < FREE) {
        throw new IllegalArgumentException(
            "shape of '" + name + "' must hold sizes >= 0 or -1, but was " + Arrays.toString(shape));
      }
    }
  }

  /** A spec; negative dimensions in {@code shape} must be {@link #FREE}. */
  public static TensorSpec of(String name, ElementType type, long... shape) {
    return new TensorSpec(name, type, shape);
  }

  public String name() {
    return name;
  }

  public ElementType type() {
    return type;
  }

  /** A copy of the declared shape, {@link #FREE} for free dimensions. */
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** The declared size of dimension {@code axis}, {@link #FREE} if any size is accepted. */
  public long dimension(int axis) {
    return shape[axis];
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name).append(": ").append(type).append('[');
    for (int axis = 0; axis < shape.length; axis++) {
      text.append(axis == 0 ? "" : ", ").append(shape[axis] == FREE ? "?" : shape[axis]);
    }
    return text.append(']').toString();
  }
}
