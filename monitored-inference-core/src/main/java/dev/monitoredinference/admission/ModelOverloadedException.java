package dev.monitoredinference.admission;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.Priority;
import java.util.List;

/**
 * A call was refused by admission control: the model's concurrency limit was reached and the wait
 * queue was full ({@link Reason#OVERLOADED}), or the call waited in the queue longer than allowed
 * ({@link Reason#QUEUE_TIMEOUT}). Nothing ran; retrying later, or elsewhere, is safe.
 */
public final class ModelOverloadedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Why the call was refused; the values are the {@code reason} tag of {@code rejections}. */
  public enum Reason {
    OVERLOADED("overloaded"),
    QUEUE_TIMEOUT("queue_timeout");

    private final String tagValue;

    Reason(String tagValue) {
      this.tagValue = tagValue;
    }

    public String tagValue() {
      return tagValue;
    }
  }

  private final Reason reason;
  private final Priority priority;

  public ModelOverloadedException(String modelName, Reason reason, String detail) {
    this(modelName, reason, Priority.INTERACTIVE, detail);
  }

  /** A call of {@code priority} was refused; a batch call's message says so. */
  public ModelOverloadedException(String modelName, Reason reason, Priority priority, String detail) {
    super(modelName, "model '" + modelName + "' refused a " + (priority == Priority.BATCH ? "batch " : "")
        + "call (" + reason.tagValue() + "): " + detail, null);
    this.reason = requireNonNull(reason, "reason");
    this.priority = requireNonNull(priority, "priority");
  }

  /** The refused call's priority. */
  public Priority priority() {
    return priority;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.OVERLOADED;
  }

  @Override
  public List<String> rejectionReasons() {
    return List.of(reason.tagValue());
  }
}
