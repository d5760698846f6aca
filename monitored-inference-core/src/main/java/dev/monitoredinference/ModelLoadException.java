package dev.monitoredinference;

import org.jspecify.annotations.Nullable;

/** A model could not be loaded: unreadable source, invalid model, unsupported signature. */
public class ModelLoadException extends InferenceException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String modelName, String message, @Nullable Throwable cause) {
    super(modelName, message, cause);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.MODEL_UNAVAILABLE;
  }
}
