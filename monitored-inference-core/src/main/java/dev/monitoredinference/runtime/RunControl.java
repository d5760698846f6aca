package dev.monitoredinference.runtime;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Priority;
import java.time.Duration;

/**
 * The control handle of one call: its deadline, and the way a {@link ModelRuntime} learns that its
 * native run should stop. {@link MonitoredModel} creates one per call; interceptors reach it
 * through {@link InferenceInterceptor.Chain#control()}.
 *
 * <pre>{@code
 * public Prediction run(Inputs inputs, RunControl control) {
 *   try (OrtSession.RunOptions options = new OrtSession.RunOptions();
 *       RunControl.Registration stop = control.onTerminate(() -> setTerminate(options))) {
 *     return copy(session.run(toTensors(inputs), options));   // stop closes before options
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe: the deadline, a shutdown or the caller may terminate the run from another
 * thread while it runs.
 */
public interface RunControl {
  /** A control with no deadline that is never terminated, for calls made outside a model. */
  static RunControl none() {
    return NoRunControl.INSTANCE;
  }

  /** The call's priority for admission control; {@link Priority#INTERACTIVE} unless the caller chose. */
  default Priority priority() {
    return Priority.INTERACTIVE;
  }

  /**
   * A control like {@link #none()} for a call made by {@code caller}, e.g. an embedder's call,
   * whose interceptors track the caller but which has no deadline of its own.
   */
  static RunControl none(CallerId caller) {
    return caller.isAnonymous() ? NoRunControl.INSTANCE : new NoRunControl(caller);
  }

  /** Who makes the call, for abuse detection; {@link CallerId#anonymous()} unless the caller named one. */
  default CallerId caller() {
    return CallerId.anonymous();
  }

  /** Whether the call has a deadline. */
  boolean hasDeadline();

  /**
   * The time the call was given, from its start.
   *
   * @throws IllegalStateException if the call has no deadline
   */
  Duration deadline();

  /**
   * Nanoseconds left until the deadline: {@link Long#MAX_VALUE} without one, 0 or less once it has
   * passed. Cost: one {@code System.nanoTime()}.
   */
  long remainingNanos();

  /** Whether the run was told to stop (deadline passed, caller gone, or model shutting down). */
  boolean isTerminated();

  /**
   * Registers {@code action} to stop the native run, e.g. ONNX Runtime's {@code
   * RunOptions.setTerminate(true)}. It runs at most once, on the terminating thread, or at once if
   * the call is already terminated. It never runs after the registration is closed, so the
   * runtime may free what the action touches right after closing it.
   *
   * @throws IllegalStateException if an action is registered already
   */
  Registration onTerminate(Runnable action);

  /**
   * Runs {@code release} once no native run of this call is in progress: at once, or, when the
   * caller left a run at its deadline, as soon as that run returns. Interceptors that hold a
   * resource the run uses (an admission permit, a session lease) release it through this, so an
   * abandoned run can never over-commit the model.
   */
  void afterRun(Runnable release);

  /** A registered terminate action; closing it guarantees the action is not running and never will. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
