package dev.monitoredinference.versioning;

import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelLoadException;

/**
 * No version of a model in its repository satisfies the pin (no such version, label or digest,
 * or no complete version at all). Nothing was loaded; a model already serving keeps serving.
 */
public final class VersionUnavailableException extends ModelLoadException {
  private static final long serialVersionUID = 1L;

  private final String pin;

  public VersionUnavailableException(String modelName, String pin, String detail) {
    super(modelName, LoadOutcome.VERSION_UNAVAILABLE,
        "model '" + modelName + "' has no version matching " + pin + ": " + detail, null);
    this.pin = pin;
  }

  /** The unsatisfied pin, e.g. {@code label("stable")}. */
  public String pin() {
    return pin;
  }
}
