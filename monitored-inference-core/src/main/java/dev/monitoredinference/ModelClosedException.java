package dev.monitoredinference;

/** A call reached a model after {@link MonitoredModel#close()}. */
public final class ModelClosedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  public ModelClosedException(String modelName) {
    super(modelName, "model '" + modelName + "' is closed and accepts no more calls", null);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.MODEL_UNAVAILABLE;
  }
}
