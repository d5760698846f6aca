package dev.monitoredinference;

import java.util.List;

/**
 * The inputs of a call break the model's declared signature (or, with validation on, its schema).
 * Thrown before anything reaches the runtime: no native tensor is allocated. Lists every
 * violation, not just the first.
 */
public final class InvalidInputException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String version;
  private final transient List<InputViolation> violations;

  public InvalidInputException(String modelName, String version, List<InputViolation> violations) {
    super(modelName, message(modelName, version, violations), null);
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("violations must not be empty");
    }
    this.version = version;
    this.violations = List.copyOf(violations);
  }

  private static String message(String modelName, String version, List<InputViolation> violations) {
    StringBuilder text =
        new StringBuilder("invalid input for model '")
            .append(modelName)
            .append("' version ")
            .append(version)
            .append(':');
    for (InputViolation violation : violations) {
      text.append("\n  ").append(violation);
    }
    return text.toString();
  }

  /** The version whose signature was broken. */
  public String version() {
    return version;
  }

  /** Every violation found, in input order. */
  public List<InputViolation> violations() {
    return violations;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.INVALID_INPUT;
  }
}
