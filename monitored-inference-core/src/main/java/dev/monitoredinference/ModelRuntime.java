package dev.monitoredinference;

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
