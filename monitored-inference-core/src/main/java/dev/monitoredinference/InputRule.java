package dev.monitoredinference;

/**
 * The rules an input can break: a closed set, whose values are the {@code reason} tag of {@code
 * monitored.inference.rejections}.
 */
public enum InputRule {
  /** A declared input was not supplied. */
  MISSING("missing"),
  /** A supplied input is not declared by the model. */
  UNKNOWN("unknown"),
  /** The element type differs from the declared one. */
  DTYPE("dtype"),
  /** The rank or a fixed dimension differs from the declared shape, or two inputs that must agree do not. */
  SHAPE("shape"),
  /** A float or double value is NaN or infinite. */
  NAN("nan"),
  /** A value lies outside its allowed range (including token ids outside the vocabulary). */
  RANGE("range"),
  /** A text is longer than allowed. */
  LENGTH("length"),
  /** A text is empty or only whitespace where text is required. */
  EMPTY("empty"),
  /** The batch, a sequence, or the whole request is larger than allowed. */
  SIZE("size");

  private final String tagValue;

  InputRule(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The lower-case name, e.g. {@code "dtype"}. */
  public String tagValue() {
    return tagValue;
  }
}
