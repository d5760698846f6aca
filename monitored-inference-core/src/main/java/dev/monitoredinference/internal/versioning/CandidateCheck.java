package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.WarmUpInputs;
import dev.monitoredinference.runtime.ModelRuntime;

/**
 * What a loaded version must pass before it may serve in place of the current one: the same
 * inputs (so callers keep working) and one warm-up run (so the first caller does not pay for
 * lazy initialisation, and a version that cannot run at all never serves).
 */
public final class CandidateCheck {
  private CandidateCheck() {}

  /**
   * @throws ModelLoadException ({@code invalid_model}) if {@code candidate} takes other inputs
   *     than {@code current}, or ({@code error}) if its warm-up run fails
   */
  static void check(String model, ModelVersion current, ModelRuntime candidate) {
    ModelVersion version = candidate.version();
    if (!version.inputs().toString().equals(current.inputs().toString())) {
      throw new ModelLoadException(model, LoadOutcome.INVALID_MODEL, "version "
          + version.version() + " takes inputs " + version.inputs() + ", but version "
          + current.version() + " takes " + current.inputs() + "; callers would break", null);
    }
    try {
      candidate.run(WarmUpInputs.of(version));
    } catch (RuntimeException e) {
      throw new ModelLoadException(model, LoadOutcome.ERROR,
          "version " + version.version() + " failed its warm-up run: " + e.getMessage(), e);
    }
  }
}
