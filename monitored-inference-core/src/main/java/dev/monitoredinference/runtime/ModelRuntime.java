package dev.monitoredinference.runtime;

import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;

/**
 * The terminal of the interceptor chain: one loaded model version that runs calls. {@link
 * dev.monitoredinference.onnx.OnnxModelLoader} makes ONNX Runtime ones; {@link
 * dev.monitoredinference.testing.FakeModelRuntime} is a scriptable one for interceptor tests.
 *
 * <p>Implementations must allow concurrent {@link #run} calls. {@link MonitoredModel} never calls
 * {@link #close()} while a call is running, and calls it exactly once.
 */
public interface ModelRuntime extends AutoCloseable {
  /** The version this runtime serves. */
  ModelVersion version();

  /**
   * Runs one call. The inputs already match {@link ModelVersion#inputs()}: every declared input is
   * present with the declared type, rank and fixed dimensions.
   *
   * @throws ModelExecutionException if the runtime fails
   */
  Prediction run(Inputs inputs);

  /**
   * Runs one call that {@code control} may terminate from another thread (its deadline passed,
   * or the model is shutting down). A runtime that can stop a native run registers the way to do
   * so with {@link RunControl#onTerminate} and closes the registration before freeing what it
   * touches; a terminated run may fail with any exception, which the model reports as {@link
   * DeadlineExceededException} or {@link ModelClosedException}. The default ignores {@code
   * control} and calls {@link #run(Inputs)}: such a runtime finishes its runs, and the caller
   * still leaves at its deadline.
   *
   * @throws ModelExecutionException if the runtime fails
   */
  default Prediction run(Inputs inputs, RunControl control) {
    return run(inputs);
  }

  /**
   * Native objects (sessions, tensors, results) this runtime holds right now. Returns to the
   * session count between calls and to 0 after {@link #close()}.
   */
  default long liveNativeObjects() {
    return 0;
  }

  /** Releases the runtime's resources. */
  @Override
  void close();
}
