package dev.monitoredinference.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.runtime.RunControl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session serving one model version. {@link #run} is safe to call concurrently
 * (ONNX Runtime's {@code Run} is thread-safe); every tensor and result it creates is closed before
 * it returns, on every path, and counted while its run lasts. A controlled run gets its own {@code
 * RunOptions} (from a {@link RunOptionsPool}; idle pooled ones are the pool's and not counted),
 * whose terminate flag the {@link RunControl} sets from another thread. Texts the
 * Java API cannot pass intact ({@link TextTransfer}) and runs that ONNX Runtime refuses as an
 * invalid argument fail with {@code InvalidInputException}; every other failure with {@code
 * ModelExecutionException}.
 */
final class OnnxModelRuntime implements ModelRuntime {
  private static final Logger log = LoggerFactory.getLogger(OnnxModelRuntime.class);

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OrtSession.SessionOptions options;
  private final ModelVersion version;
  private final NativeObjects nativeObjects;
  private final RunOptionsPool runOptions = new RunOptionsPool();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Takes ownership of {@code session} and {@code options}, already counted in {@code nativeObjects}. */
  OnnxModelRuntime(
      OrtEnvironment env,
      OrtSession session,
      OrtSession.SessionOptions options,
      ModelVersion version,
      NativeObjects nativeObjects) {
    this.env = env;
    this.session = session;
    this.options = options;
    this.version = version;
    this.nativeObjects = nativeObjects;
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public Prediction run(Inputs inputs) {
    return run(inputs, (OrtSession.RunOptions) null);
  }

  /**
   * Runs with {@code RunOptions} whose terminate flag {@code control} may set, reused from earlier
   * calls unless a run was told to terminate (the registration is closed first: after that the
   * flag is never set, and {@code isTerminated} says whether it was).
   */
  @Override
  public Prediction run(Inputs inputs, RunControl control) {
    OrtSession.RunOptions options;
    try {
      options = runOptions.take();
    } catch (OrtException e) {
      throw new ModelExecutionException(version.modelName(), version.version(), "create run options", e);
    }
    try (RunControl.Registration stop = control.onTerminate(() -> terminate(options))) {
      return run(inputs, options);
    } finally {
      if (control.isTerminated()) {
        options.close();
      } else {
        runOptions.giveBack(options);
      }
    }
  }

  private void terminate(OrtSession.RunOptions options) {
    try {
      options.setTerminate(true);
    } catch (OrtException e) {
      log.warn("telling a run of {} to terminate failed", version, e);
    }
  }

  private Prediction run(Inputs inputs, OrtSession.@Nullable RunOptions options) {
    int count = inputs.size();
    List<InputViolation> untransferable = TextTransfer.violations(inputs);
    if (untransferable != null) {
      throw new InvalidInputException(version.modelName(), version.version(), untransferable);
    }
    OnnxTensor[] tensors = new OnnxTensor[count];
    int held = 0;
    try {
      Map<String, OnnxTensor> feed = new HashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        tensors[i] = OnnxTensors.toNative(env, inputs.tensor(i));
        feed.put(inputs.name(i), tensors[i]);
      }
      // The run's options, input tensors and its result to come are counted together once the
      // tensors exist, and uncounted once all are closed: one count each way, not one per object.
      held = count + 1 + (options == null ? 0 : 1);
      nativeObjects.opened(held);
      return runAndCopy(feed, options);
    } catch (OrtException e) {
      throw runFailure(e);
    } finally {
      for (OnnxTensor tensor : tensors) {
        if (tensor != null) {
          tensor.close();
        }
      }
      if (held > 0) {
        nativeObjects.closed(held);
      }
    }
  }

  /**
   * The session was created, so the graph is valid: an {@code ORT_INVALID_ARGUMENT} from a run is
   * about the inputs (a token id beyond a Gather's table, a dimension the model does not take) and
   * must not count against the model. Every other code is the run's failure.
   */
  private RuntimeException runFailure(OrtException e) {
    if (e.getCode() != OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) {
      return new ModelExecutionException(version.modelName(), version.version(), "run", e);
    }
    InputViolation refused = InputViolation.of(InputViolation.ALL_INPUTS, InputRule.RUNTIME_CHECK,
        "ONNX Runtime refused them: " + e.getMessage());
    return new InvalidInputException(version.modelName(), version.version(), List.of(refused), e);
  }

  private Prediction runAndCopy(
      Map<String, OnnxTensor> feed, OrtSession.@Nullable RunOptions options) throws OrtException {
    OrtSession.Result result = options == null ? session.run(feed) : session.run(feed, options);
    try {
      Prediction.Builder prediction = Prediction.builder(version);
      for (Map.Entry<String, OnnxValue> output : result) {
        prediction.put(output.getKey(), OnnxTensors.fromNative((OnnxTensor) output.getValue()));
      }
      return prediction.build();
    } finally {
      result.close();
    }
  }

  @Override
  public long liveNativeObjects() {
    return nativeObjects.live();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the session of " + version + " failed", e);
    } finally {
      options.close();
      runOptions.close();
      nativeObjects.closed();
    }
  }

  @Override
  public String toString() {
    return "OnnxModelRuntime[" + version + "]";
  }
}
