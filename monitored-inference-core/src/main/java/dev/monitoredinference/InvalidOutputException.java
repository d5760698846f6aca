package dev.monitoredinference;

/**
 * The model produced a NaN or infinite value: a broken model or version, never handed to the
 * caller as a score.
 */
public final class InvalidOutputException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String version;
  private final String output;

  public InvalidOutputException(
      String modelName, String version, String output, int firstIndex, int count) {
    super(
        modelName,
        "model '" + modelName + "' version " + version + " produced " + count
            + " non-finite value(s) in output '" + output + "', first at index " + firstIndex,
        null);
    this.version = version;
    this.output = output;
  }

  public String version() {
    return version;
  }

  /** The output that held the non-finite values. */
  public String output() {
    return output;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.INVALID_OUTPUT;
  }
}
