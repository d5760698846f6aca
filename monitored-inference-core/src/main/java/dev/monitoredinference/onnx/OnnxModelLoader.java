package dev.monitoredinference.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.encryption.ModelDecryptionException;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.internal.WarmUpInputs;
import dev.monitoredinference.runtime.DeviceFallback;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.runtime.DeviceUnavailableException;
import dev.monitoredinference.runtime.ExecutionProvider;
import dev.monitoredinference.runtime.FallbackReason;
import dev.monitoredinference.runtime.LoadRequest;
import dev.monitoredinference.runtime.ModelLoader;
import dev.monitoredinference.runtime.ModelRuntime;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ONNX models into ONNX Runtime sessions, honouring the {@link DevicePolicy}.
 *
 * <p>For a GPU policy it creates CUDA provider options, appends CUDA, creates the session and runs
 * one warm-up call; if any step fails, {@code preferGpu} logs one WARN line with the cause and
 * starts again on the CPU with fresh session options, while {@code requireGpu} throws {@link
 * DeviceUnavailableException}. The provider actually used and any fallback are recorded on the
 * {@link ModelVersion}: ONNX Runtime's Java API cannot report them.
 *
 * <p>The model bytes are read once, hashed (SHA-256), compared with the pinned digest if there is
 * one, checked by {@link ModelPreCheck} (well-formed, no external data, no absurd dimensions, an
 * IR version ONNX Runtime reads, tensor data that fits its dims, no dangling node input, no cycle),
 * and the session is created from those same bytes: nothing is re-read between check and load.
 * Thread-safe.
 */
public final class OnnxModelLoader implements ModelLoader {
  private static final Logger log = LoggerFactory.getLogger(OnnxModelLoader.class);

  private final Supplier<OrtEnvironment> environment;
  private final OnnxOptions options;
  private final boolean runtimeTelemetry;
  private final Clock clock;

  private OnnxModelLoader(Supplier<OrtEnvironment> environment, OnnxOptions options,
      boolean runtimeTelemetry, Clock clock) {
    this.environment = environment;
    this.options = options;
    this.runtimeTelemetry = runtimeTelemetry;
    this.clock = clock;
  }

  /**
   * A loader that takes ONNX Runtime's {@code OrtEnvironment} at the first load, not before, so
   * that the host can configure global thread pools first. ONNX Runtime's own telemetry is off.
   */
  public static OnnxModelLoader create() {
    return builder().build();
  }

  /** A loader that uses {@code environment}, with ONNX Runtime's own telemetry off. */
  public static OnnxModelLoader withEnvironment(OrtEnvironment environment) {
    return builder().environment(environment).build();
  }

  /**
   * A builder for a loader with settings of ONNX Runtime's own.
   *
   * <pre>{@code
   * MonitoredModel.builder("ranker")
   *     .loader(OnnxModelLoader.builder().runtimeTelemetry(true).build())
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The session settings every load uses. */
  public OnnxOptions options() {
    return options;
  }

  /** Whether this loader leaves ONNX Runtime's own telemetry on; {@code false} unless asked. */
  public boolean runtimeTelemetry() {
    return runtimeTelemetry;
  }

  /** Settings of an {@link OnnxModelLoader}. Not thread-safe; the loader it builds is. */
  public static final class Builder {
    private @Nullable OrtEnvironment environment;
    private OnnxOptions options = OnnxOptions.ofDefaults();
    private boolean runtimeTelemetry;

    private Builder() {}

    /**
     * The environment to load into, instead of {@code OrtEnvironment.getEnvironment()} taken at the
     * first load.
     */
    public Builder environment(OrtEnvironment environment) {
      this.environment = requireNonNull(environment, "environment");
      return this;
    }

    /** Session settings (threads, optimisation, CUDA options); {@link OnnxOptions#ofDefaults()} unless set. */
    public Builder options(OnnxOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    /**
     * Whether ONNX Runtime may send its own telemetry events (Microsoft's collection, on by
     * default in ONNX Runtime on some platforms). Off unless set: a service must send nothing to a
     * third party unless its operator says so. The setting is the process-wide environment's, so
     * it is applied again at each load; loaders that disagree leave the last load's in force.
     */
    public Builder runtimeTelemetry(boolean enabled) {
      this.runtimeTelemetry = enabled;
      return this;
    }

    public OnnxModelLoader build() {
      OrtEnvironment given = environment;
      Supplier<OrtEnvironment> supplier =
          given == null ? OrtEnvironment::getEnvironment : () -> given;
      return new OnnxModelLoader(supplier, options, runtimeTelemetry, Clock.systemUTC());
    }
  }

  @Override
  public ModelRuntime load(LoadRequest request) {
    String name = request.modelName();
    byte[] bytes = readBytes(request);
    String digest = Digests.sha256(bytes);
    String expected = request.expectedDigest().orElse(digest);
    if (!expected.equals(digest)) {
      throw new ModelIntegrityException(name, request.source().toString(), expected, digest);
    }
    ModelPreCheck.check(name, bytes);
    OrtEnvironment env = environment(name);
    DevicePolicy policy = request.devicePolicy();
    DeviceFallback fallback = null;
    if (policy.wantsGpu()) {
      try {
        return openOnCuda(request, env, bytes, digest);
      } catch (ModelLoadException e) {
        throw e; // the model's own fault: the CPU would refuse it too
      } catch (OrtException e) {
        if (isModelFault(e)) {
          throw loadFailure(request, e);
        }
        fallback = cudaFailed(request, e);
      } catch (RuntimeException e) {
        fallback = cudaFailed(request, e);
      }
    }
    try {
      return open(request, env, bytes, digest, baseOptions(options), null, fallback);
    } catch (OrtException e) {
      throw loadFailure(request, e);
    }
  }

  /** Classifies a CUDA failure: throws for {@code requireGpu}, logs and describes the fallback otherwise. */
  private static DeviceFallback cudaFailed(LoadRequest request, Exception e) {
    String name = request.modelName();
    DevicePolicy policy = request.devicePolicy();
    FallbackReason reason = CudaFailures.classify(e);
    if (policy.kind() == DevicePolicy.Kind.REQUIRE_GPU) {
      throw new DeviceUnavailableException(name, policy, reason, e);
    }
    log.warn(
        "model '{}': CUDA device {} cannot be used ({}), falling back to CPU: {}",
        name, policy.deviceId(), reason.tagValue(), e.getMessage());
    return DeviceFallback.of(
        ExecutionProvider.CUDA, ExecutionProvider.CPU, reason, String.valueOf(e.getMessage()));
  }

  /** Errors that say the model itself is bad, whichever provider loads it. */
  private static boolean isModelFault(OrtException e) {
    switch (e.getCode()) {
      case ORT_INVALID_PROTOBUF:
      case ORT_INVALID_GRAPH:
      case ORT_NO_MODEL:
      case ORT_NOT_IMPLEMENTED:
        return true;
      default:
        return false;
    }
  }

  private static ModelLoadException loadFailure(LoadRequest request, OrtException e) {
    String name = request.modelName();
    return new ModelLoadException(
        name,
        isModelFault(e) ? LoadOutcome.INVALID_MODEL : LoadOutcome.ERROR,
        "model '" + name + "' from " + request.source() + " failed to load: " + e.getMessage(),
        e);
  }

  private ModelRuntime openOnCuda(LoadRequest request, OrtEnvironment env, byte[] bytes, String digest)
      throws OrtException {
    OnnxOptions settings = options;
    try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(request.devicePolicy().deviceId())) {
      cuda.add("cudnn_conv_algo_search", settings.convAlgoSearch().name());
      if (settings.gpuMemoryLimit() > 0) {
        cuda.add("gpu_mem_limit", Long.toString(settings.gpuMemoryLimit()));
      }
      for (Map.Entry<String, String> option : settings.cudaOptions().entrySet()) {
        cuda.add(option.getKey(), option.getValue());
      }
      OrtSession.SessionOptions options = baseOptions(settings);
      try {
        options.addCUDA(cuda);
      } catch (OrtException | RuntimeException e) {
        options.close();
        throw e;
      }
      OnnxModelRuntime runtime = open(request, env, bytes, digest, options, ExecutionProvider.CUDA, null);
      try {
        runtime.run(WarmUpInputs.of(runtime.version()));
      } catch (RuntimeException e) {
        runtime.close();
        // Classify and report ONNX Runtime's own error, not the run's wrapper.
        if (e.getCause() instanceof OrtException) {
          throw (OrtException) e.getCause();
        }
        throw e;
      }
      return runtime;
    }
  }

  /** Creates the session and reads its signature; closes {@code options} if anything fails. */
  private OnnxModelRuntime open(
      LoadRequest request,
      OrtEnvironment env,
      byte[] bytes,
      String digest,
      OrtSession.SessionOptions options,
      @Nullable ExecutionProvider provider,
      @Nullable DeviceFallback fallback)
      throws OrtException {
    OrtSession session = null;
    try {
      session = env.createSession(bytes, options);
      ModelVersion version =
          describe(request, request.modelName(), session, digest,
              provider == null ? ExecutionProvider.CPU : provider, fallback);
      NativeObjects nativeObjects = new NativeObjects();
      nativeObjects.opened();
      return new OnnxModelRuntime(env, session, options, version, nativeObjects);
    } catch (OrtException | RuntimeException e) {
      if (session != null) {
        session.close();
      }
      options.close();
      throw e;
    }
  }

  private ModelVersion describe(
      LoadRequest request,
      String name,
      OrtSession session,
      String digest,
      ExecutionProvider provider,
      @Nullable DeviceFallback fallback)
      throws OrtException {
    OnnxModelMetadata metadata = session.getMetadata();
    ModelVersion.Builder version =
        ModelVersion.builder(name, request.versionName().orElse(versionLabel(metadata)))
            .labels(request.labels())
            .digest(digest)
            .loadedAt(clock.instant())
            .executionProvider(provider)
            .metadata(metadata.getCustomMetadata());
    if (fallback != null) {
      version.fallback(fallback);
    }
    for (NodeInfo input : session.getInputInfo().values()) {
      version.input(supported(name, "input", input));
    }
    for (NodeInfo output : session.getOutputInfo().values()) {
      version.output(supported(name, "output", output));
    }
    return version.build();
  }

  /** ONNX {@code model_version}; ONNX Runtime reports an unset one as 0 or Long.MAX_VALUE. */
  private static String versionLabel(OnnxModelMetadata metadata) {
    long version = metadata.getVersion();
    return version > 0 && version != Long.MAX_VALUE ? Long.toString(version) : "unversioned";
  }

  private static TensorSpec supported(String name, String kind, NodeInfo node) {
    TensorSpec spec = OnnxTypes.spec(node);
    if (spec == null) {
      throw new ModelLoadException(
          name, LoadOutcome.INVALID_MODEL, "model '" + name + "' has " + kind + " '" + node.getName() + "' of type "
              + node.getInfo() + "; supported are tensors of float, double, int32, int64, bool"
              + " and string", null);
    }
    return spec;
  }

  private static OrtSession.SessionOptions baseOptions(OnnxOptions settings) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(optLevel(settings.optimization()));
      if (settings.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(settings.intraOpThreads());
      }
      if (settings.interOpThreads() > 0) {
        options.setInterOpNumThreads(settings.interOpThreads());
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private static OrtSession.SessionOptions.OptLevel optLevel(OnnxOptions.Optimization level) {
    switch (level) {
      case NONE:
        return OrtSession.SessionOptions.OptLevel.NO_OPT;
      case BASIC:
        return OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case EXTENDED:
        return OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      default:
        return OrtSession.SessionOptions.OptLevel.ALL_OPT;
    }
  }

  private OrtEnvironment environment(String name) {
    OrtEnvironment env;
    try {
      env = environment.get();
    } catch (RuntimeException | LinkageError e) {
      // The native library failed to load: wrong platform, or a read-only/noexec temp directory
      // (set -Donnxruntime.native.path to a directory holding the libraries).
      throw new ModelLoadException(
          name, LoadOutcome.ERROR, "ONNX Runtime is not available for model '" + name + "': " + e, e);
    }
    try {
      env.setTelemetry(runtimeTelemetry);
    } catch (OrtException e) {
      throw new ModelLoadException(
          name, LoadOutcome.ERROR,
          "ONNX Runtime refused to turn its telemetry " + (runtimeTelemetry ? "on" : "off")
              + " for model '" + name + "': " + e.getMessage(), e);
    }
    return env;
  }

  private static byte[] readBytes(LoadRequest request) {
    try {
      return request.source().readBytes();
    } catch (ModelDecryptionException e) {
      throw new ModelIntegrityException(request.modelName(), request.source().toString(), e);
    } catch (IOException e) {
      throw new ModelLoadException(
          request.modelName(),
          LoadOutcome.UNREADABLE,
          "model '" + request.modelName() + "' cannot be read from " + request.source() + ": "
              + e.getMessage(),
          e);
    }
  }
}
