package dev.monitoredinference.internal.call;

/**
 * The stages of a model's chain, outermost first: the one place the chain order is written. The
 * first six are the model's own and shared by every version it serves; the rest are assembled
 * for each loaded version (a hot swap or a canary gets its own validation and run timer).
 */
public enum Stage {
  /** User interceptors ({@code addInterceptor}): tracing, user code; they see every call. */
  APPLICATION(false),
  /** Request timer and outcome counts: rejections and refusals included. */
  REQUEST_METRICS(false),
  /** Anomaly detection: sees every call that passed the application interceptors. */
  ANOMALY(false),
  /**
   * Abuse detection: per-caller rate and flags before anything is admitted, so a refused caller
   * never takes a permit; rejections by validation further in are counted for the caller.
   */
  ABUSE(false),
  /** Refuses at once while open, before a refused call could take an admission permit. */
  CIRCUIT_BREAKER(false),
  /** Concurrency limit and bounded queue. */
  ADMISSION(false),
  /** Signature check: nothing malformed reaches the runtime. */
  SIGNATURE(true),
  /** Size and value rules, the output guard. */
  VALIDATION(true),
  /** Copies valid calls' inputs and outputs for the drift thread. */
  DRIFT(true),
  /** User runtime interceptors ({@code addRuntimeInterceptor}): only calls that will run. */
  RUNTIME(true),
  /** The version's run timer and {@code model.info}. */
  RUN_METRICS(true);

  private final boolean perVersion;

  Stage(boolean perVersion) {
    this.perVersion = perVersion;
  }

  /** Whether the stage is assembled for each loaded version rather than once for the model. */
  public boolean perVersion() {
    return perVersion;
  }
}
