package dev.monitoredinference;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception this library throws for a model. Subclasses name what a caller can
 * act on; messages name the model, the version where there is one, and the offending value. A
 * runtime's own exception (such as {@code ai.onnxruntime.OrtException}) is only ever the cause.
 */
public abstract class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String modelName;

  protected InferenceException(String modelName, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.modelName = modelName;
  }

  /** The model the failure belongs to. */
  public String modelName() {
    return modelName;
  }

  /** The {@code error.type} this failure is recorded under. */
  public abstract ErrorType errorType();

  /**
   * The {@code reason}s under which {@code monitored.inference.rejections} counts this failure,
   * each once: not empty exactly when the call was refused rather than failed by the model (bad
   * input, overload, a deadline that passed before the run, an open breaker). Subclasses that
   * refuse override it; the outcome counter has no list of features.
   */
  public List<String> rejectionReasons() {
    return List.of();
  }
}
