package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.admission.AdmissionControl;
import dev.monitoredinference.anomaly.AlertListener;
import dev.monitoredinference.anomaly.AnomalyDetection;
import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.drift.DriftListener;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.internal.InterceptorChain;
import dev.monitoredinference.internal.SharedRuntime;
import dev.monitoredinference.metrics.ModelMetrics;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.validation.InputSchema;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Configures and loads a {@link MonitoredModel}. Each setter checks its argument at once;
 * conflicts (two model sources, no source) are reported by {@link #build()}.
 *
 * <p>The chain order is fixed; a feature that is off adds no link:
 *
 * <ol>
 *   <li>application interceptors ({@link #addInterceptor}), in the order added: tracing, user
 *       code; they see every call, rejections included
 *   <li>request timing and outcome counts ({@link #metrics}): {@code
 *       monitored.inference.request.duration}, {@code .active}, {@code .rejections}, {@code
 *       .input.adjustments}
 *   <li>anomaly detection ({@link #anomalies}): sees every call that passed the application
 *       interceptors, rejections included, and times it as the caller waits for it
 *   <li>admission ({@link #admission}): concurrency limit and bounded queue
 *   <li>signature check: missing, unknown, dtype and shape errors become {@link
 *       InvalidInputException} before anything reaches the runtime
 *   <li>validation ({@link #validate}): size and value rules, the output guard
 *   <li>drift ({@link #drift}): copies valid calls' inputs and outputs for the drift thread
 *   <li>runtime interceptors ({@link #addRuntimeInterceptor}), in the order added; they see only
 *       calls that will run
 *   <li>run timing ({@link #metrics}): {@code monitored.inference.run.duration}
 *   <li>the {@link ModelRuntime}
 * </ol>
 *
 * <p>Not thread-safe; build on one thread, then share the model.
 */
public final class MonitoredModelBuilder {
  private final String name;
  private @Nullable ModelSource source;
  private @Nullable ModelRuntime runtime;
  private int sourcesGiven;
  private boolean loadSettingsGiven;
  private DevicePolicy devicePolicy = DevicePolicy.cpuOnly();
  private RuntimeOptions runtimeOptions = RuntimeOptions.defaults();
  private @Nullable ModelLoader loader;
  private @Nullable MeterRegistry registry;
  private @Nullable String expectedDigest;
  private InputSchema schema = InputSchema.fromModel();
  private @Nullable AdmissionControl admission;
  private @Nullable AnomalyDetection anomalies;
  private final List<AlertListener> alertListeners = new ArrayList<>();
  private @Nullable DriftConfig drift;
  private final List<DriftListener> driftListeners = new ArrayList<>();
  private final List<InferenceInterceptor> applicationInterceptors = new ArrayList<>();
  private final List<InferenceInterceptor> runtimeInterceptors = new ArrayList<>();

  MonitoredModelBuilder(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
    }
    this.name = name;
  }

  /** Loads the model from an ONNX file. */
  public MonitoredModelBuilder modelFile(Path path) {
    return source(ModelSource.file(path));
  }

  /** Loads the model from ONNX bytes (copied). */
  public MonitoredModelBuilder modelBytes(byte[] bytes) {
    return source(ModelSource.bytes(bytes));
  }

  /** Loads the model from a classpath resource such as {@code "models/ranker.onnx"}. */
  public MonitoredModelBuilder modelResource(String resource) {
    return source(ModelSource.classpath(resource));
  }

  /** Loads the model from {@code source}. */
  public MonitoredModelBuilder source(ModelSource source) {
    this.source = requireNonNull(source, "source");
    sourcesGiven++;
    return this;
  }

  /**
   * Serves calls from an already loaded runtime instead of loading a source, e.g. {@link
   * dev.monitoredinference.testing.FakeModelRuntime} in tests. The model takes ownership and
   * closes it. Excludes {@link #device}, {@link #runtimeOptions} and {@link #loader}.
   */
  public MonitoredModelBuilder runtime(ModelRuntime runtime) {
    this.runtime = requireNonNull(runtime, "runtime");
    sourcesGiven++;
    return this;
  }

  /** Where the model runs; {@link DevicePolicy#cpuOnly()} unless set. */
  public MonitoredModelBuilder device(DevicePolicy devicePolicy) {
    this.devicePolicy = requireNonNull(devicePolicy, "devicePolicy");
    loadSettingsGiven = true;
    return this;
  }

  /** Session settings: threads, optimisation, CUDA options. */
  public MonitoredModelBuilder runtimeOptions(RuntimeOptions runtimeOptions) {
    this.runtimeOptions = requireNonNull(runtimeOptions, "runtimeOptions");
    loadSettingsGiven = true;
    return this;
  }

  /**
   * What turns the source into a runtime; {@link OnnxModelLoader#create()} (ONNX Runtime, taking
   * the {@code OrtEnvironment} at first load) unless set.
   */
  public MonitoredModelBuilder loader(ModelLoader loader) {
    this.loader = requireNonNull(loader, "loader");
    loadSettingsGiven = true;
    return this;
  }

  /**
   * Refuses to load bytes whose SHA-256 is not {@code digest}, with {@link
   * ModelIntegrityException}; the bytes are hashed and loaded from the same array, so nothing can
   * change between the check and the load.
   *
   * @throws IllegalArgumentException unless {@code digest} is {@code "sha256:"} and 64 lower-case
   *     hex digits
   */
  public MonitoredModelBuilder expectDigest(String digest) {
    this.expectedDigest = Digests.checkSha256("digest", requireNonNull(digest, "digest"));
    return this;
  }

  /**
   * The input rules; {@link InputSchema#fromModel()} (signature, NaN/Inf rejected, outputs
   * guarded) unless set. {@link InputSchema#signatureOnly()} keeps only the signature check.
   */
  public MonitoredModelBuilder validate(InputSchema schema) {
    this.schema = requireNonNull(schema, "schema");
    return this;
  }

  /** Limits calls running at once and waiting; without it, calls are not limited. */
  public MonitoredModelBuilder admission(AdmissionControl admission) {
    this.admission = requireNonNull(admission, "admission");
    return this;
  }

  /**
   * Watches latency, error ratio and throughput per window and alerts on anomalies ({@link
   * AnomalyDetection}); with {@link #metrics} also as {@code monitored.inference.anomaly.state}
   * gauges. Without it, no link and {@link MonitoredModel#anomalies()} is never anomalous.
   */
  public MonitoredModelBuilder anomalies(AnomalyDetection anomalies) {
    this.anomalies = requireNonNull(anomalies, "anomalies");
    return this;
  }

  /** Adds a listener for the alerts of {@link #anomalies}; listeners hear alerts in this order. */
  public MonitoredModelBuilder alertListener(AlertListener listener) {
    alertListeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Watches the drift of inputs, outputs and embeddings against a baseline ({@link DriftConfig});
   * with {@link #metrics} also as {@code monitored.inference.drift.*} meters. Without it, no link
   * and {@link MonitoredModel#driftReport()} is {@link DriftReport.Status#DISABLED}.
   */
  public MonitoredModelBuilder drift(DriftConfig drift) {
    this.drift = requireNonNull(drift, "drift");
    return this;
  }

  /** Adds a listener for the drift events of {@link #drift}; listeners hear events in this order. */
  public MonitoredModelBuilder driftListener(DriftListener listener) {
    driftListeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /** Records metrics in {@code registry}; without it the chain has no metrics links at all. */
  public MonitoredModelBuilder metrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    return this;
  }

  /** Adds an application interceptor: outermost, sees every call. */
  public MonitoredModelBuilder addInterceptor(InferenceInterceptor interceptor) {
    applicationInterceptors.add(requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /** Adds a runtime interceptor: innermost, sees only calls with valid inputs that will run. */
  public MonitoredModelBuilder addRuntimeInterceptor(InferenceInterceptor interceptor) {
    runtimeInterceptors.add(requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /**
   * Loads the model and assembles the chain.
   *
   * @throws IllegalStateException if no source or more than one source was given, a runtime was
   *     given with load settings, an alert listener was given without {@link #anomalies}, a drift
   *     listener without {@link #drift}, or a model of the same name is live in the metrics
   *     registry
   * @throws ModelLoadException if the model cannot be loaded
   * @throws ModelIntegrityException if the bytes do not have the {@link #expectDigest} digest
   * @throws IllegalArgumentException if a {@link #validate} rule names an input the model lacks,
   *     or a loaded drift baseline lacks a configured feature
   * @throws DeviceUnavailableException if {@link DevicePolicy#requireGpu(int)} cannot be met
   */
  public MonitoredModel build() {
    if (sourcesGiven != 1) {
      throw new IllegalStateException(
          "model '" + name + "' needs exactly one of modelFile, modelBytes, modelResource, source"
              + " or runtime, but " + sourcesGiven + " were given");
    }
    if (runtime != null && loadSettingsGiven) {
      throw new IllegalStateException(
          "model '" + name + "' was given a loaded runtime, so device, runtimeOptions and loader"
              + " cannot apply; set them where the runtime is loaded");
    }
    if (anomalies == null && !alertListeners.isEmpty()) {
      throw new IllegalStateException(
          "model '" + name + "' was given " + alertListeners.size() + " alert listener(s) but no"
              + " anomalies(...) to alert them; add anomalies(AnomalyDetection.defaults())");
    }
    if (drift == null && !driftListeners.isEmpty()) {
      throw new IllegalStateException(
          "model '" + name + "' was given " + driftListeners.size() + " drift listener(s) but no"
              + " drift(...) to alert them");
    }
    ModelRuntime loaded = loadCountingFailures();
    MonitoredModel model;
    try {
      model = assemble(loaded);
    } catch (RuntimeException e) {
      loaded.close(); // nothing else owns it yet
      throw e;
    }
    countLoad(LoadOutcome.SUCCESS);
    return model;
  }

  private ModelRuntime loadCountingFailures() {
    ModelRuntime loaded;
    try {
      loaded = runtime != null ? runtime : load(requireNonNull(source));
      checkDigest(loaded);
    } catch (ModelLoadException e) {
      countLoad(e.outcome());
      throw e;
    }
    return loaded;
  }

  /** Loaders check the digest before the runtime sees the bytes; this catches any that do not. */
  private void checkDigest(ModelRuntime loaded) {
    String actual = loaded.version().digest();
    if (expectedDigest != null && !expectedDigest.equals(actual)) {
      loaded.close();
      throw new ModelIntegrityException(
          name, source != null ? source.toString() : "the given runtime", expectedDigest, actual);
    }
  }

  private void countLoad(LoadOutcome outcome) {
    if (registry != null) {
      ModelMetrics.countLoad(registry, name, outcome);
    }
  }

  private MonitoredModel assemble(ModelRuntime loaded) {
    ModelVersion version = loaded.version();
    InferenceInterceptor validation = schema.isSignatureOnly() ? null : schema.bind(version);
    AnomalyDetector detector = anomalies == null
        ? AnomalyDetector.disabled()
        : anomalies.detector(name, loaded::version, alertListeners);
    DriftMonitor driftMonitor = drift == null
        ? DriftMonitor.disabled()
        : drift.monitor(name, driftListeners);
    // Registered last: nothing after it can fail and leave its gauges behind.
    ModelMetrics metrics;
    try {
      metrics = registry == null ? null : ModelMetrics.register(registry, version);
    } catch (RuntimeException e) {
      driftMonitor.close();
      throw e;
    }
    List<InferenceInterceptor> links = new ArrayList<>(applicationInterceptors);
    if (metrics != null) {
      links.add(metrics.requestTiming());
      links.add(metrics.outcomes());
      if (anomalies != null) {
        metrics.watchAnomalies(detector);
      }
      if (drift != null) {
        metrics.watchDrift(driftMonitor);
      }
    }
    if (anomalies != null) {
      links.add(detector.interceptor());
    }
    if (admission != null) {
      links.add(admission.interceptor(name));
    }
    links.add(SignatureCheck.INSTANCE);
    if (validation != null) {
      links.add(validation);
    }
    if (drift != null) {
      links.add(driftMonitor.interceptor());
    }
    links.addAll(runtimeInterceptors);
    if (metrics != null) {
      links.add(metrics.runTiming());
    }
    AutoCloseable onClose = () -> {
      driftMonitor.close();
      if (metrics != null) {
        metrics.close();
      }
    };
    return new MonitoredModel(
        name, new SharedRuntime(loaded), new InterceptorChain(name, links, loaded), onClose,
        detector, driftMonitor);
  }

  private ModelRuntime load(ModelSource modelSource) {
    ModelLoader modelLoader = loader != null ? loader : OnnxModelLoader.create();
    LoadRequest request = LoadRequest.of(name, modelSource, devicePolicy, runtimeOptions);
    if (expectedDigest != null) {
      request = request.withExpectedDigest(expectedDigest);
    }
    return requireNonNull(modelLoader.load(request), "the loader returned no runtime");
  }
}
