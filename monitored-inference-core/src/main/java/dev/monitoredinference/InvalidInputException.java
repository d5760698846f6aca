package dev.monitoredinference;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of a call break the model's declared signature (or, with validation on, its schema).
 * Thrown before anything reaches the runtime, so no native tensor is allocated, except for {@link
 * InputRule#RUNTIME_CHECK}, where ONNX Runtime itself refused the inputs (its error is the cause).
 * Lists every violation, not just the first. Never counts against the model.
 */
public final class InvalidInputException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String version;
  private final transient List<InputViolation> violations;

  public InvalidInputException(String modelName, String version, List<InputViolation> violations) {
    this(modelName, version, violations, null);
  }

  /** As above, with the runtime's own error as the cause. */
  public InvalidInputException(
      String modelName, String version, List<InputViolation> violations, @Nullable Throwable cause) {
    super(modelName, message(modelName, version, violations), cause);
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

  /** The rules broken, each once, in the order first broken. */
  @Override
  public List<String> rejectionReasons() {
    Set<String> rules = new LinkedHashSet<>();
    violations.forEach(violation -> rules.add(violation.rule().tagValue()));
    return List.copyOf(rules);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.INVALID_INPUT;
  }
}
