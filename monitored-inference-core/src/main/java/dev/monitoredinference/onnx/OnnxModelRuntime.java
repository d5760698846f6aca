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
 * it returns, on every path, and counted while its run lasts. A controlled run borrows a {@link
 * RunScratch} from a {@link RunScratchPool} (idle pooled ones are the pool's and not counted): its
 * {@code RunOptions}, whose terminate flag the {@link RunControl} sets from another thread, and
 * the {@link InputArena} its inputs are copied into. Texts the Java API cannot pass intact ({@link
 * TextTransfer}) and runs that ONNX Runtime refuses as an invalid argument fail with {@code
 * InvalidInputException}; every other failure with {@code ModelExecutionException}.
 */
final class OnnxModelRuntime implements ModelRuntime {
  private static final Logger log = LoggerFactory.getLogger(OnnxModelRuntime.class);

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OrtSession.SessionOptions options;
  private final ModelVersion version;
  private final NativeObjects nativeObjects;
  private final RunScratchPool pool = new RunScratchPool();
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
    return run(inputs, (RunScratch) null);
  }

  /**
   * Runs with {@code RunOptions} whose terminate flag {@code control} may set and an input arena,
   * both reused from earlier calls unless a run was told to terminate (the registration is closed
   * first: after that the flag is never set, and {@code isTerminated} says whether it was).
   */
  @Override
  public Prediction run(Inputs inputs, RunControl control) {
    RunScratch scratch;
    try {
      scratch = pool.take();
    } catch (OrtException e) {
      throw new ModelExecutionException(version.modelName(), version.version(), "create run options", e);
    }
    try (RunControl.Registration stop = control.onTerminate(() -> terminate(scratch.options))) {
      return run(inputs, scratch);
    } finally {
      if (control.isTerminated()) {
        scratch.close();
      } else {
        pool.giveBack(scratch);
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

  private Prediction run(Inputs inputs, @Nullable RunScratch scratch) {
    int count = inputs.size();
    List<InputViolation> untransferable = TextTransfer.violations(inputs);
    if (untransferable != null) {
      throw new InvalidInputException(version.modelName(), version.version(), untransferable);
    }
    OnnxTensor[] tensors = new OnnxTensor[count];
    InputArena arena = scratch == null ? null : scratch.inputs;
    if (arena != null) {
      arena.begin(inputs);
    }
    int held = 0;
    try {
      for (int i = 0; i < count; i++) {
        tensors[i] = OnnxTensors.toNative(env, inputs.tensor(i), arena);
      }
      // The run's options, input tensors and its result to come are counted together once the
      // tensors exist, and uncounted once all are closed: one count each way, not one per object.
      held = count + 1 + (scratch == null ? 0 : 1);
      nativeObjects.opened(held);
      return runAndCopy(feed(inputs, tensors), scratch == null ? null : scratch.options);
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

  /** The run's feed; one input, the common case, without a hash table. */
  private static Map<String, OnnxTensor> feed(Inputs inputs, OnnxTensor[] tensors) {
    if (tensors.length == 1) {
      return Map.of(inputs.name(0), tensors[0]);
    }
    Map<String, OnnxTensor> feed = new HashMap<>(tensors.length * 2);
    for (int i = 0; i < tensors.length; i++) {
      feed.put(inputs.name(i), tensors[i]);
    }
    return feed;
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
      pool.close();
      nativeObjects.closed();
    }
  }

  @Override
  public String toString() {
    return "OnnxModelRuntime[" + version + "]";
  }
}
