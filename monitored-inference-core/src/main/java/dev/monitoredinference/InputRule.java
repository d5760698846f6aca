package dev.monitoredinference;

/**
 * The rules an input can break: a closed set, whose values are the {@code reason} tag of {@code
 * monitored.inference.rejections}.
 *
 * <p>{@link #EMPTY} serves both empty texts and zero-sized tensors rather than adding a value: in
 * both the caller sent nothing to infer on and the remedy is the caller's, so one {@code
 * reason="empty"} says it; the violation's input and detail tell the two apart.
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
  /**
   * A value lies outside its allowed range (including token ids outside the vocabulary, and
   * characters in a text that ONNX Runtime's Java API cannot pass as UTF-8).
   */
  RANGE("range"),
  /** A text is longer than allowed. */
  LENGTH("length"),
  /**
   * Nothing to infer on: a tensor with a dimension of 0, such as an empty batch (unless {@link
   * dev.monitoredinference.validation.InputSchema#allowEmptyTensors()}), or a text that is empty or
   * only whitespace where text is required.
   */
  EMPTY("empty"),
  /** The batch, a sequence, or the whole request is larger than allowed. */
  SIZE("size"),
  /**
   * ONNX Runtime refused the inputs while running the graph ({@code ORT_INVALID_ARGUMENT}): a
   * value or shape only the graph could check, such as a token id beyond an embedding table with
   * no {@code tokenIds} rule. The only rule found after the call reached the runtime.
   */
  RUNTIME_CHECK("runtime_check");

  private final String tagValue;

  InputRule(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The lower-case name, e.g. {@code "dtype"}. */
  public String tagValue() {
    return tagValue;
  }
}
