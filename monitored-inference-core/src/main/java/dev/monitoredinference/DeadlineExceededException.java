package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A call did not finish within its deadline ({@link MonitoredModelBuilder#deadline} or {@link
 * MonitoredModel#predict(Inputs, Duration)}). Either it never ran ({@link #started()} false: the
 * deadline passed while it waited for a slot or before the runtime was reached), or its native run
 * was told to terminate and the caller stopped waiting for it. Retrying with the same deadline
 * under the same load will likely fail again.
 */
public final class DeadlineExceededException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String version;
  private final Duration deadline;
  private final boolean started;

  /**
   * A failure of model {@code modelName} version {@code version} to finish within {@code
   * deadline}; {@code started} says whether the native run had begun.
   */
  public DeadlineExceededException(
      String modelName, String version, Duration deadline, boolean started) {
    super(
        modelName,
        "model '" + modelName + "' version " + version + " missed its deadline of "
            + describe(deadline)
            + (started ? " while running; the run was told to terminate" : " before it could run"),
        null);
    this.version = requireNonNull(version, "version");
    this.deadline = requireNonNull(deadline, "deadline");
    this.started = started;
  }

  /** The version that was to serve the call. */
  public String version() {
    return version;
  }

  /** The time the call was given. */
  public Duration deadline() {
    return deadline;
  }

  /** Whether the native run had begun (and was told to terminate) when the deadline passed. */
  public boolean started() {
    return started;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.DEADLINE_EXCEEDED;
  }

  /** {@code deadline_exceeded} when the call never ran; a run that overran is not a refusal. */
  @Override
  public List<String> rejectionReasons() {
    return started ? List.of() : List.of(ErrorType.DEADLINE_EXCEEDED.tagValue());
  }

  /** {@code "50 ms"} for whole milliseconds, else the ISO form. */
  static String describe(Duration duration) {
    return duration.toNanos() % 1_000_000 == 0 ? duration.toMillis() + " ms" : duration.toString();
  }
}
