package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

/**
 * A change validation made to an input instead of rejecting it, by policy: NaN or infinite values
 * replaced ({@link InputRule#NAN}) or texts truncated ({@link InputRule#LENGTH}). Listed on the
 * {@link Prediction} so that a caller can tell an answer computed from adjusted input.
 */
public final class InputAdjustment {
  private final String input;
  private final InputRule rule;
  private final int count;

  private InputAdjustment(String input, InputRule rule, int count) {
    this.input = requireNonNull(input, "input");
    this.rule = requireNonNull(rule, "rule");
    if (count <= 0) {
      throw new IllegalArgumentException("count must be > 0, but was " + count);
    }
    this.count = count;
  }

  /** {@code count} elements of {@code input} were adjusted under {@code rule}. */
  public static InputAdjustment of(String input, InputRule rule, int count) {
    return new InputAdjustment(input, rule, count);
  }

  public String input() {
    return input;
  }

  public InputRule rule() {
    return rule;
  }

  /** How many elements were adjusted. */
  public int count() {
    return count;
  }

  @Override
  public String toString() {
    return count + " element(s) of input '" + input + "' adjusted (" + rule.tagValue() + ")";
  }
}
