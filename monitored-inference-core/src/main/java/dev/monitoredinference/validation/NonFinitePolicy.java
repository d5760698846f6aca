package dev.monitoredinference.validation;

/**
 * What validation does with NaN and ±Inf in a float or double input: reject the call (the
 * default), or replace each such value and go on, listing the replacement on the prediction and
 * counting it in {@code monitored.inference.input.adjustments{reason=nan}}.
 */
public final class NonFinitePolicy {
  private static final NonFinitePolicy REJECT = new NonFinitePolicy(false, 0);

  private final boolean replace;
  private final double replacement;

  private NonFinitePolicy(boolean replace, double replacement) {
    this.replace = replace;
    this.replacement = replacement;
  }

  /** Reject calls holding NaN or ±Inf with {@code InvalidInputException} (rule {@code nan}). */
  public static NonFinitePolicy reject() {
    return REJECT;
  }

  /**
   * Replace each NaN or ±Inf with {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is itself not finite
   */
  public static NonFinitePolicy replaceWith(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("replacement must be finite, but was " + value);
    }
    return new NonFinitePolicy(true, value);
  }

  boolean replaces() {
    return replace;
  }

  double replacement() {
    return replacement;
  }

  @Override
  public String toString() {
    return replace ? "replaceWith(" + replacement + ")" : "reject()";
  }
}
