package dev.monitoredinference.spring.boot.observation;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.ModelVersion;
import io.micrometer.observation.Observation;

/**
 * What an {@link InferenceObservationConvention} sees of one call: the model, the operation, the
 * version that served it (chosen before the chain runs, canary included) and, once it returned,
 * its {@link ErrorType}.
 */
public final class InferenceObservationContext extends Observation.Context {
  private final String modelName;
  private final String operation;
  private final ModelVersion version;
  private volatile ErrorType errorType = ErrorType.NONE;

  InferenceObservationContext(String modelName, String operation, ModelVersion version) {
    this.modelName = requireNonNull(modelName, "modelName");
    this.operation = requireNonNull(operation, "operation");
    this.version = requireNonNull(version, "version");
  }

  /** The model's name. */
  public String modelName() {
    return modelName;
  }

  /** {@code predict}, or {@code embeddings} for an embedder's encoder. */
  public String operation() {
    return operation;
  }

  /** The version serving the call. */
  public ModelVersion version() {
    return version;
  }

  /** {@link ErrorType#NONE} unless the call failed. */
  public ErrorType errorType() {
    return errorType;
  }

  void failedWith(ErrorType errorType) {
    this.errorType = errorType;
  }
}
