package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A model's declared input or output: name, element type and shape, where a dimension of {@code
 * -1} is free (a symbolic dimension such as the batch size). A free dimension may carry its ONNX
 * {@code dim_param} name; free dimensions of the inputs that share a name must have one size in a
 * call, as ONNX defines (the signature check refuses a call where they differ).
 */
public final class TensorSpec {
  /** The value of a free dimension in {@link #shape()}. */
  public static final long FREE = -1;

  private final String name;
  private final ElementType type;
  private final long[] shape;
  private final String[] dimensionNames;

  private TensorSpec(String name, ElementType type, long[] shape, String[] dimensionNames) {
    this.name = requireNonNull(name, "name");
    this.type = requireNonNull(type, "type");
    this.shape = requireNonNull(shape, "shape").clone();
    this.dimensionNames = dimensionNames;
    for (long dim : this.shape) {
      if (dim < FREE) {
        throw new IllegalArgumentException(
            "shape of '" + name + "' must hold sizes >= 0 or -1, but was " + Arrays.toString(shape));
      }
    }
  }

  /** A spec with unnamed dimensions; negative dimensions in {@code shape} must be {@link #FREE}. */
  public static TensorSpec of(String name, ElementType type, long... shape) {
    String[] unnamed = new String[shape.length];
    Arrays.fill(unnamed, "");
    return new TensorSpec(name, type, shape, unnamed);
  }

  /**
   * This spec with a name for each dimension ({@code ""} for none), such as {@code "batch"}.
   *
   * @throws IllegalArgumentException unless there is one name per dimension, or if a fixed
   *     dimension is named
   */
  public TensorSpec withDimensionNames(String... names) {
    String[] copy = requireNonNull(names, "names").clone();
    if (copy.length != shape.length) {
      throw new IllegalArgumentException("'" + name + "' has " + shape.length
          + " dimensions, but was given " + copy.length + " names " + Arrays.toString(copy));
    }
    for (int axis = 0; axis < copy.length; axis++) {
      requireNonNull(copy[axis], "names[" + axis + "]");
      if (!copy[axis].isEmpty() && shape[axis] != FREE) {
        throw new IllegalArgumentException("dimension " + axis + " of '" + name + "' is fixed at "
            + shape[axis] + " and takes no name, but was named '" + copy[axis] + "'");
      }
    }
    return new TensorSpec(name, type, shape, copy);
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

  /** The name of dimension {@code axis} ({@code dim_param}), or {@code ""} if it has none. */
  public String dimensionName(int axis) {
    return dimensionNames[axis];
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
