package dev.monitoredinference.testing;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.runtime.RunControl;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A scriptable {@link ModelRuntime} for testing interceptors without ONNX Runtime: it answers
 * with a function of the inputs (which may throw, advance a mock clock, or return NaN scores),
 * counts calls, closes and terminate requests, and detects use after close and close during a
 * call. Its runs ignore termination unless the answer function (see {@link #controlled}) checks
 * {@link RunControl#isTerminated()}, like a native run stuck in one long operation.
 *
 * <pre>{@code
 * FakeModelRuntime runtime = FakeModelRuntime.of(
 *     ModelVersion.builder("ranker", "1")
 *         .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
 *         .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
 *         .build(),
 *     inputs -> Map.of("score", Tensor.ofFloats(new float[] {0.5f}, 1, 1)));
 * MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
 * }</pre>
 *
 * <p>Thread-safe if the answer function is.
 */
public final class FakeModelRuntime implements ModelRuntime {
  private final ModelVersion version;
  private final BiFunction<Inputs, RunControl, Map<String, Tensor>> answer;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();
  private final AtomicInteger callsAfterClose = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger closesWhileRunning = new AtomicInteger();
  private final AtomicInteger terminateRequests = new AtomicInteger();

  private FakeModelRuntime(
      ModelVersion version, BiFunction<Inputs, RunControl, Map<String, Tensor>> answer) {
    this.version = requireNonNull(version, "version");
    this.answer = requireNonNull(answer, "answer");
  }

  /** A runtime serving {@code version} that answers each call with {@code answer(inputs)}. */
  public static FakeModelRuntime of(
      ModelVersion version, Function<Inputs, Map<String, Tensor>> answer) {
    requireNonNull(answer, "answer");
    return new FakeModelRuntime(version, (inputs, control) -> answer.apply(inputs));
  }

  /**
   * A runtime serving {@code version} that answers each call with {@code answer(inputs,
   * control)}: the function may watch {@link RunControl#isTerminated()} to stop early.
   */
  public static FakeModelRuntime controlled(
      ModelVersion version, BiFunction<Inputs, RunControl, Map<String, Tensor>> answer) {
    return new FakeModelRuntime(version, answer);
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  /**
   * Answers with the function's outputs, in the version's declared output order.
   *
   * @throws IllegalStateException after {@link #close()} (and counts it in {@link
   *     #callsAfterClose()})
   */
  @Override
  public Prediction run(Inputs inputs) {
    return run(inputs, RunControl.none());
  }

  /**
   * Runs as {@link #run(Inputs)}, counting in {@link #terminateRequests()} each time {@code
   * control} tells the run to stop.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public Prediction run(Inputs inputs, RunControl control) {
    if (closes.get() > 0) {
      callsAfterClose.incrementAndGet();
      throw new IllegalStateException("FakeModelRuntime of " + version + " used after close");
    }
    calls.incrementAndGet();
    running.incrementAndGet();
    Map<String, Tensor> outputs;
    try (RunControl.Registration stop = control.onTerminate(terminateRequests::incrementAndGet)) {
      outputs = answer.apply(inputs, control);
    } finally {
      running.decrementAndGet();
    }
    Prediction.Builder prediction = Prediction.builder(version);
    version.outputs().forEach(spec -> {
      Tensor tensor = outputs.get(spec.name());
      if (tensor != null) {
        prediction.put(spec.name(), tensor);
      }
    });
    return prediction.build();
  }

  /** One while open (the pretend session), 0 after close. */
  @Override
  public long liveNativeObjects() {
    return closes.get() > 0 ? 0 : 1;
  }

  @Override
  public void close() {
    if (running.get() > 0) {
      closesWhileRunning.incrementAndGet();
    }
    closes.incrementAndGet();
  }

  /** Runs told to stop by their {@link RunControl} while running. */
  public int terminateRequests() {
    return terminateRequests.get();
  }

  /** Calls inside the answer function right now. */
  public int running() {
    return running.get();
  }

  /** Calls that ran. */
  public int calls() {
    return calls.get();
  }

  /** How often {@link #close()} was called; a correct owner calls it exactly once. */
  public int closes() {
    return closes.get();
  }

  /** Closes that happened while a call was running; a correct owner never does that. */
  public int closesWhileRunning() {
    return closesWhileRunning.get();
  }

  /** Calls that arrived after close; a correct owner never lets one through. */
  public int callsAfterClose() {
    return callsAfterClose.get();
  }
}
