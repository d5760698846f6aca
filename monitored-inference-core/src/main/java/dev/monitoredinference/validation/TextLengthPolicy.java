package dev.monitoredinference.validation;

/** What validation does with a text longer than its limit. */
public enum TextLengthPolicy {
  /** Reject the call with {@code InvalidInputException} (rule {@code length}). */
  REJECT,
  /**
   * Cut the text to the limit (never inside a surrogate pair) and go on; the prediction lists the
   * truncation and {@code monitored.inference.input.adjustments{reason=length}} counts it.
   */
  TRUNCATE
}
