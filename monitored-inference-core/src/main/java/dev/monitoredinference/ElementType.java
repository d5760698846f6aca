package dev.monitoredinference;

/** The element types a {@link Tensor} can hold; each maps to one ONNX tensor element type. */
public enum ElementType {
  FLOAT("float"),
  DOUBLE("double"),
  INT32("int32"),
  INT64("int64"),
  BOOL("bool"),
  STRING("string");

  private final String label;

  ElementType(String label) {
    this.label = label;
  }

  /** The lower-case name used in messages, e.g. {@code "float"}. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
