package dev.monitoredinference;

/** The runtime failed while running a call that passed the signature check. */
public final class ModelExecutionException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String version;

  public ModelExecutionException(String modelName, String version, String what, Throwable cause) {
    super(
        modelName,
        "model '" + modelName + "' version " + version + " failed to " + what + ": "
            + cause.getMessage(),
        cause);
    this.version = version;
  }

  /** The version that failed. */
  public String version() {
    return version;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.RUNTIME_ERROR;
  }
}
