package dev.monitoredinference;

/** The rules an input can break; the values are the {@code reason} names used in telemetry. */
public enum InputRule {
  /** A declared input was not supplied. */
  MISSING("missing"),
  /** A supplied input is not declared by the model. */
  UNKNOWN("unknown"),
  /** The element type differs from the declared one. */
  DTYPE("dtype"),
  /** The rank or a fixed dimension differs from the declared shape. */
  SHAPE("shape");

  private final String tagValue;

  InputRule(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The lower-case name, e.g. {@code "dtype"}. */
  public String tagValue() {
    return tagValue;
  }
}
