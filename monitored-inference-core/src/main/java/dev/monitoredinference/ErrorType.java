package dev.monitoredinference;

/**
 * The closed set of {@code error.type} values on the request and run timers ({@code none} on
 * success). Closed so that dashboards and alerts can name every value and meters can be created
 * up front.
 */
public enum ErrorType {
  NONE("none"),
  INVALID_INPUT("invalid_input"),
  INVALID_OUTPUT("invalid_output"),
  MODEL_UNAVAILABLE("model_unavailable"),
  OVERLOADED("overloaded"),
  DEADLINE_EXCEEDED("deadline_exceeded"),
  CIRCUIT_OPEN("circuit_open"),
  /** Abuse detection refused a flagged caller ({@code abuse.CallerRefusedException}). */
  CALLER_REFUSED("caller_refused"),
  RUNTIME_ERROR("runtime_error"),
  /** Anything that is not an {@link InferenceException}, e.g. a failing user interceptor. */
  OTHER("_OTHER");

  private final String tagValue;

  ErrorType(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The tag value, e.g. {@code "invalid_input"}. */
  public String tagValue() {
    return tagValue;
  }

  /**
   * Whether a failure of this type is the model's own (the runtime failed, or the output is
   * unusable), as opposed to the caller's input, the host's capacity or a deadline. Only these
   * count for the circuit breaker and the rollback guard.
   */
  public boolean isModelFault() {
    return this == RUNTIME_ERROR || this == INVALID_OUTPUT;
  }

  /** The error type of a failure: its own for an {@link InferenceException}, else {@link #OTHER}. */
  public static ErrorType of(Throwable failure) {
    return failure instanceof InferenceException
        ? ((InferenceException) failure).errorType()
        : OTHER;
  }
}
