package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

/** One broken rule: which input, which rule, and what was found against what was expected. */
public final class InputViolation {
  /** The {@link #input()} of a violation by the call's inputs together, such as their total size. */
  public static final String ALL_INPUTS = "(all inputs)";

  private final String input;
  private final InputRule rule;
  private final String detail;

  private InputViolation(String input, InputRule rule, String detail) {
    this.input = requireNonNull(input, "input");
    this.rule = requireNonNull(rule, "rule");
    this.detail = requireNonNull(detail, "detail");
  }

  /** A violation; {@code detail} states the offending value and the expectation. */
  public static InputViolation of(String input, InputRule rule, String detail) {
    return new InputViolation(input, rule, detail);
  }

  public String input() {
    return input;
  }

  public InputRule rule() {
    return rule;
  }

  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return "input '" + input + "' breaks rule " + rule.tagValue() + ": " + detail;
  }
}
