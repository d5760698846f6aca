package dev.monitoredinference.circuit;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceException;
import java.util.List;

/**
 * A call was refused by the model's circuit breaker without running: the breaker is open after
 * too many runtime failures, or half-open with every probe slot taken. Retrying elsewhere is safe;
 * retrying here succeeds once probes have shown that the model recovered.
 */
public final class CircuitOpenException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String version;

  /** A refusal by the breaker of model {@code modelName} version {@code version}, {@code why}. */
  public CircuitOpenException(String modelName, String version, String why) {
    super(modelName, "model '" + modelName + "' version " + version + " refused a call: " + why, null);
    this.version = version;
  }

  /** The version whose breaker refused the call. */
  public String version() {
    return version;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.CIRCUIT_OPEN;
  }

  @Override
  public List<String> rejectionReasons() {
    return List.of(ErrorType.CIRCUIT_OPEN.tagValue());
  }
}
