package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** A model could not be loaded; {@link #outcome()} says why, as counted in {@code model.loads}. */
public class ModelLoadException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final LoadOutcome outcome;

  public ModelLoadException(
      String modelName, LoadOutcome outcome, String message, @Nullable Throwable cause) {
    super(modelName, message, cause);
    if (outcome == LoadOutcome.SUCCESS) {
      throw new IllegalArgumentException("a failed load cannot have outcome " + outcome);
    }
    this.outcome = requireNonNull(outcome, "outcome");
  }

  /** Why the load failed. */
  public LoadOutcome outcome() {
    return outcome;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.MODEL_UNAVAILABLE;
  }
}
