package dev.monitoredinference.runtime;

import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelLoadException;

/**
 * {@link DevicePolicy#requireGpu(int)} was asked for and the GPU cannot be used. The cause is the
 * runtime's own error; {@link #reason()} classifies it.
 */
public final class DeviceUnavailableException extends ModelLoadException {
  private static final long serialVersionUID = 1L;

  private final FallbackReason reason;

  public DeviceUnavailableException(
      String modelName, DevicePolicy policy, FallbackReason reason, Throwable cause) {
    super(
        modelName,
        LoadOutcome.DEVICE_UNAVAILABLE,
        "model '" + modelName + "' requires " + policy + ", but CUDA cannot be used ("
            + reason.tagValue() + "): " + cause.getMessage(),
        cause);
    this.reason = reason;
  }

  /** Why the GPU could not be used. */
  public FallbackReason reason() {
    return reason;
  }
}
