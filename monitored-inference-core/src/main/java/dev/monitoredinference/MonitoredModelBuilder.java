package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.abuse.AbuseConfig;
import dev.monitoredinference.abuse.AbuseListener;
import dev.monitoredinference.admission.AdmissionConfig;
import dev.monitoredinference.anomaly.AlertListener;
import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.authentication.AdminAuthenticator;
import dev.monitoredinference.authentication.HmacBearerTokens;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.drift.DriftListener;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.internal.assembly.ModelLoading;
import dev.monitoredinference.internal.metrics.ModelMetrics;
import dev.monitoredinference.internal.metrics.TrialMetrics;
import dev.monitoredinference.internal.versioning.PromotionSettings;
import dev.monitoredinference.internal.versioning.RepositoryDeployer;
import dev.monitoredinference.internal.versioning.TrialObserver;
import dev.monitoredinference.internal.versioning.TrialSettings;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.onnx.OnnxOptions;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.resources.MemoryHeadroom;
import dev.monitoredinference.resources.ResourceConfig;
import dev.monitoredinference.resources.ResourceMetrics;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.runtime.DeviceUnavailableException;
import dev.monitoredinference.runtime.ModelLoader;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.validation.InputSchema;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ComparisonConfig;
import dev.monitoredinference.versioning.ModelDeployer;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.PromotionWatchConfig;
import dev.monitoredinference.versioning.RepositoryVersion;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import dev.monitoredinference.versioning.VersionPin;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Configures and loads a {@link MonitoredModel}. Each setter checks its argument at once;
 * conflicts (two model sources, no source) are reported by {@link #build()}.
 *
 * <p>The chain order is fixed (one stage per feature, in this order; a feature that is off adds
 * no link):
 *
 * <ol>
 *   <li>application interceptors ({@link #addInterceptor}), in the order added: tracing, user
 *       code; they see every call, rejections included
 *   <li>request timing and outcome counts ({@link #metrics}): {@code
 *       monitored.inference.request.duration}, {@code .active}, {@code .rejections}, {@code
 *       .input.adjustments}
 *   <li>anomaly detection ({@link #anomalies}): sees every call that passed the application
 *       interceptors, rejections included, and times it as the caller waits for it
 *   <li>abuse detection ({@link #abuse}): counts each named caller's calls, refuses or throttles
 *       a flagged one when enforcing, before it could take an admission permit; counts the
 *       caller's rejections further in and hands its served queries to the detector's thread
 *   <li>circuit breaker ({@link #circuitBreaker}): refuses at once while open, before a refused
 *       call could take an admission permit; records the model's faults only
 *   <li>admission ({@link #admission}): concurrency limit and bounded queue; a queued call waits
 *       no longer than its {@link #deadline}
 *   <li>signature check: missing, unknown, dtype, shape and empty tensors become {@link
 *       InvalidInputException} before anything reaches the runtime
 *   <li>validation ({@link #validate}): size and value rules, the output guard
 *   <li>drift ({@link #drift}): copies valid calls' inputs and outputs for the drift thread
 *   <li>runtime interceptors ({@link #addRuntimeInterceptor}), in the order added; they see only
 *       calls that will run
 *   <li>run timing ({@link #metrics}): {@code monitored.inference.run.duration}
 *   <li>the {@link ModelRuntime}; a call past its {@link #deadline} never starts, and a call with
 *       a deadline runs on a worker thread so that the caller can leave at the deadline
 * </ol>
 *
 * <p>The first six are the model's and shared by every version it serves; the rest are
 * assembled again for each version a hot swap or a trial loads.
 *
 * <p>Not thread-safe; build on one thread, then share the model.
 */
public final class MonitoredModelBuilder {
  // The settings without "private" are also read by ModelAssembly, the second half of build().
  final String name;
  private @Nullable ModelSource source;
  private @Nullable ModelRepository repository;
  private VersionPin pin = VersionPin.latest();
  private @Nullable AdminAuthenticator authenticator;
  private @Nullable AdminAuthorizer authorizer;
  private @Nullable AuditLog auditLog;
  private Duration drainTimeout = Duration.ofSeconds(30);
  private ComparisonConfig comparison = ComparisonConfig.ofDefaults();
  private boolean comparisonGiven;
  private @Nullable RollbackGuardConfig rollbackGuard;
  private @Nullable PromotionWatchConfig promotionWatch;
  private @Nullable ModelRuntime runtime;
  private int sourcesGiven;
  private boolean loadSettingsGiven;
  private DevicePolicy devicePolicy = DevicePolicy.cpuOnly();
  private @Nullable OnnxOptions onnxOptions;
  private @Nullable ModelLoader loader;
  @Nullable MeterRegistry registry;
  private @Nullable String expectedDigest;
  InputSchema schema = InputSchema.fromModel();
  @Nullable AdmissionConfig admission;
  @Nullable AnomalyConfig anomalies;
  @Nullable AbuseConfig abuse;
  final List<AbuseListener> abuseListeners = new ArrayList<>();
  final List<AlertListener> alertListeners = new ArrayList<>();
  @Nullable Duration deadline;
  @Nullable CircuitBreakerConfig circuitBreaker;
  @Nullable DriftConfig drift;
  final List<DriftListener> driftListeners = new ArrayList<>();
  @Nullable OutcomeConfig outcomes;
  final List<InferenceInterceptor> applicationInterceptors = new ArrayList<>();
  final List<InferenceInterceptor> runtimeInterceptors = new ArrayList<>();
  final List<HealthContributor> healthContributors = new ArrayList<>();
  @Nullable ResourceConfig resources;
  final List<ContextPropagating> contextPropagators = new ArrayList<>();

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
   * Loads the version of this model that {@code pin} selects in {@code repository} ({@code
   * <root>/<name>/<version>/model.onnx}), refusing bytes that do not match its {@code
   * model.sha256}, and a version without one unless the repository {@linkplain
   * ModelRepository#allowVersionsWithoutDigest() allows} that; the version is named after its
   * directory and carries its labels. {@link #expectDigest} applies to the version loaded here.
   * With {@link #admin}, {@link MonitoredModel#deployer()} can later swap in other versions.
   */
  public MonitoredModelBuilder repository(ModelRepository repository, VersionPin pin) {
    this.repository = requireNonNull(repository, "repository");
    this.pin = requireNonNull(pin, "pin");
    sourcesGiven++;
    return this;
  }

  /**
   * Enables admin operations ({@link MonitoredModel#deployer()}): each credential is turned into a
   * principal by {@code authenticator} (e.g. {@link HmacBearerTokens}), which {@code authorizer}
   * must allow; each operation, refused ones included, is written to {@code auditLog}. Needs
   * {@link #repository}.
   */
  public MonitoredModelBuilder admin(AdminAuthenticator authenticator, AdminAuthorizer authorizer,
      AuditLog auditLog) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.authorizer = requireNonNull(authorizer, "authorizer");
    this.auditLog = requireNonNull(auditLog, "auditLog");
    return this;
  }

  /**
   * How long a replaced version's running calls may take before they are told to terminate; 30 s
   * unless set.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public MonitoredModelBuilder drainTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must be >= 0, but was " + timeout);
    }
    this.drainTimeout = timeout;
    return this;
  }

  /**
   * How canary and shadow trials ({@link ModelDeployer#canary}, {@link ModelDeployer#shadow})
   * compare the candidate with the serving version off the caller's path; {@link
   * ComparisonConfig#ofDefaults()} unless set. Needs {@link #admin}.
   */
  public MonitoredModelBuilder comparison(ComparisonConfig config) {
    this.comparison = requireNonNull(config, "config");
    comparisonGiven = true;
    return this;
  }

  /**
   * Ends a canary or shadow whose candidate fails {@code config}'s bounds, retiring the candidate
   * and recording why in the audit log and {@link MonitoredModel#health()}; without it, trials run
   * until an admin ends them. Needs {@link #admin}.
   */
  public MonitoredModelBuilder rollbackGuard(RollbackGuardConfig config) {
    this.rollbackGuard = requireNonNull(config, "config");
    return this;
  }

  /**
   * Watches each version for {@code config}'s period after {@link ModelDeployer#promote} and rolls
   * it back on its own when its outcome quality is worse than the version it replaced (or, if so
   * configured, the model turns anomalous); audited under {@link PromotionWatchConfig#PRINCIPAL}
   * and reported by {@link MonitoredModel#health()}. Needs {@link #admin} and {@link #outcomes}.
   */
  public MonitoredModelBuilder promotionWatch(PromotionWatchConfig config) {
    this.promotionWatch = requireNonNull(config, "config");
    return this;
  }

  /**
   * Serves calls from an already loaded runtime instead of loading a source, e.g. {@link
   * dev.monitoredinference.testing.FakeModelRuntime} in tests. The model takes ownership and
   * closes it. Excludes {@link #device}, {@link #onnxOptions} and {@link #loader}.
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

  /**
   * ONNX Runtime session settings (threads, optimisation, CUDA options) for the default loader:
   * short for {@code loader(OnnxModelLoader.builder().options(options).build())}.
   */
  public MonitoredModelBuilder onnxOptions(OnnxOptions options) {
    this.onnxOptions = requireNonNull(options, "options");
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
   * <p>With {@link #repository}, it applies to the version {@link #build()} loads: its bytes must
   * have {@code digest}, and its {@code model.sha256} must name the same digest (else it is
   * refused before it is read). This pins that version against changes to the repository that
   * rewrite both files. Versions the {@link MonitoredModel#deployer() deployer} loads later, a
   * watcher's included, are checked against their own {@code model.sha256} only: applying the pin
   * to them would refuse every other version, and choosing one is what admin operations are for. A
   * rollback to the version built reloads it against the digest it was built with.
   *
   * <pre>{@code
   * MonitoredModel.builder("ranker")
   *     .repository(ModelRepository.directory(Path.of("/srv/models")), VersionPin.exact("7"))
   *     .expectDigest("sha256:…")   // version 7, and only these bytes of it
   *     .build();
   * }</pre>
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
  public MonitoredModelBuilder admission(AdmissionConfig admission) {
    this.admission = requireNonNull(admission, "admission");
    return this;
  }

  /**
   * Watches latency, error ratio and throughput per window and alerts on anomalies ({@link
   * AnomalyConfig}); with {@link #metrics} also as {@code monitored.inference.anomaly.state}
   * gauges. Without it, no link and {@link MonitoredModel#anomalies()} is never anomalous.
   */
  public MonitoredModelBuilder anomalies(AnomalyConfig anomalies) {
    this.anomalies = requireNonNull(anomalies, "anomalies");
    return this;
  }

  /**
   * Tracks each caller named in {@link CallOptions#caller} and flags floods, probing and suspected
   * model extraction ({@link AbuseConfig}); with {@link #metrics} also as {@code
   * monitored.inference.abuse.*} meters; with {@link AbuseConfig#enforcement} it throttles or
   * refuses flagged callers. Health-neutral. Without it, no link and {@link
   * MonitoredModel#abuse()} flags nobody.
   */
  public MonitoredModelBuilder abuse(AbuseConfig abuse) {
    this.abuse = requireNonNull(abuse, "abuse");
    return this;
  }

  /** Adds a listener for the detections of {@link #abuse}; listeners hear them in this order. */
  public MonitoredModelBuilder abuseListener(AbuseListener listener) {
    abuseListeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /** Adds a listener for the alerts of {@link #anomalies}; listeners hear alerts in this order. */
  public MonitoredModelBuilder alertListener(AlertListener listener) {
    alertListeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Gives every call at most {@code deadline}, counted from {@link MonitoredModel#predict} (queue
   * wait included); {@link MonitoredModel#predict(Inputs, Duration)} may lower it per call, never
   * raise it. Without it, calls have no deadline unless they ask for one.
   *
   * @throws IllegalArgumentException if {@code deadline} is not positive
   */
  public MonitoredModelBuilder deadline(Duration deadline) {
    requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be > 0, but was " + deadline);
    }
    this.deadline = deadline;
    return this;
  }

  /**
   * Refuses calls at once while the runtime keeps failing, and lets probes through to detect
   * recovery; without it, every call reaches the runtime.
   */
  public MonitoredModelBuilder circuitBreaker(CircuitBreakerConfig config) {
    this.circuitBreaker = requireNonNull(config, "config");
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

  /**
   * Tracks business outcomes per version and variant ({@link OutcomeConfig}): what each
   * prediction's ranked list showed and what users did with it, read from {@link
   * MonitoredModel#outcomes()}; with {@link #metrics} also as {@code monitored.inference.outcome.*}
   * meters. Adds no link to the chain: the application reports to the tracker. Without it, {@link
   * MonitoredModel#outcomes()} is {@link OutcomeTracker#disabled()}.
   */
  public MonitoredModelBuilder outcomes(OutcomeConfig config) {
    this.outcomes = requireNonNull(config, "config");
    return this;
  }

  /** Records metrics in {@code registry}; without it the chain has no metrics links at all. */
  public MonitoredModelBuilder metrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Adds something that has a say in {@link MonitoredModel#health()}, e.g. an interceptor of
   * yours that tracks an SLO; contributors are asked in the order added.
   */
  public MonitoredModelBuilder addHealthContributor(HealthContributor contributor) {
    healthContributors.add(requireNonNull(contributor, "contributor"));
    return this;
  }

  /**
   * Measures the native memory each version's load takes (resident-memory growth around the load,
   * {@link ModelVersion#nativeMemoryAtLoad()}; with {@link #metrics} also the {@code
   * monitored.inference.model.native.memory} gauge) and adds {@link MemoryHeadroom} to {@link
   * MonitoredModel#health()}: DEGRADED below {@link ResourceConfig#minHeadroom()}. Process-wide
   * meters (CPU, heap, resident memory, GPUs) are bound once with {@link ResourceMetrics#bindTo}.
   * Loads of other models at the same time inflate the estimate.
   */
  public MonitoredModelBuilder resources(ResourceConfig config) {
    this.resources = requireNonNull(config, "config");
    return this;
  }

  /**
   * Adds a propagator of the caller's thread-local context (a tracing span, a logging MDC) that
   * {@link MonitoredModel#predictAsync} wraps each task with, so the call runs in the context it
   * was made in; {@code InferenceTelemetry.instrument(builder)} adds the tracing one.
   */
  public MonitoredModelBuilder addContextPropagator(ContextPropagating propagator) {
    contextPropagators.add(requireNonNull(propagator, "propagator"));
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
   *     listener without {@link #drift}, {@link #comparison} or {@link #rollbackGuard} was given
   *     without {@link #admin}, {@link #promotionWatch} without {@link #admin} and {@link
   *     #outcomes}, a rollback guard's quality criterion without {@link #outcomes}, an abuse
   *     listener without {@link #abuse}, a model of the same name is live in the metrics registry, or the
   *     circuit breaker's minimumNumberOfCalls exceeds its slidingWindowSize
   * @throws ModelLoadException if the model cannot be loaded, or a repository version has no
   *     {@code model.sha256} and the repository requires one (outcome {@link
   *     LoadOutcome#DIGEST_MISSING})
   * @throws ModelIntegrityException if the bytes do not have the {@link #expectDigest} digest or
   *     the one in a repository version's {@code model.sha256}, or the two digests differ
   * @throws IllegalArgumentException if a {@link #validate} rule names an input the model lacks,
   *     or a loaded drift baseline lacks a configured feature
   * @throws DeviceUnavailableException if {@link DevicePolicy#requireGpu(int)} cannot be met
   */
  public MonitoredModel build() {
    if (sourcesGiven != 1) {
      throw new IllegalStateException(
          "model '" + name + "' needs exactly one of modelFile, modelBytes, modelResource, source,"
              + " repository or runtime, but " + sourcesGiven + " were given");
    }
    if (runtime != null && loadSettingsGiven) {
      throw new IllegalStateException(
          "model '" + name + "' was given a loaded runtime, so device, onnxOptions and loader"
              + " cannot apply; set them where the runtime is loaded");
    }
    if (anomalies == null && !alertListeners.isEmpty()) {
      throw new IllegalStateException(
          "model '" + name + "' was given " + alertListeners.size() + " alert listener(s) but no"
              + " anomalies(...) to alert them; add anomalies(AnomalyConfig.ofDefaults())");
    }
    if (abuse == null && !abuseListeners.isEmpty()) {
      throw new IllegalStateException(
          "model '" + name + "' was given " + abuseListeners.size() + " abuse listener(s) but no"
              + " abuse(...) to alert them; add abuse(AbuseConfig.ofDefaults())");
    }
    if (drift == null && !driftListeners.isEmpty()) {
      throw new IllegalStateException(
          "model '" + name + "' was given " + driftListeners.size() + " drift listener(s) but no"
              + " drift(...) to alert them");
    }
    if (authorizer != null && repository == null) {
      throw new IllegalStateException(
          "model '" + name + "' was given admin(...) but no repository(...) to take versions from");
    }
    if (authorizer == null && (comparisonGiven || rollbackGuard != null)) {
      throw new IllegalStateException(
          "model '" + name + "' was given comparison(...) or rollbackGuard(...) but no admin(...)"
              + " to start canary or shadow trials");
    }
    if (promotionWatch != null && (authorizer == null || outcomes == null)) {
      throw new IllegalStateException("model '" + name + "' was given promotionWatch(...) but no"
          + (authorizer == null ? " admin(...) to promote with" : " outcomes(...) to judge by"));
    }
    if (rollbackGuard != null && rollbackGuard.qualityMetric().isPresent() && outcomes == null) {
      throw new IllegalStateException("model '" + name + "' was given a rollback guard with a"
          + " quality criterion but no outcomes(...) to judge by");
    }
    if (loader != null && onnxOptions != null) {
      throw new IllegalStateException("model '" + name + "' was given both a loader and onnxOptions;"
          + " give the options to the loader: OnnxModelLoader.builder().options(...)");
    }
    MeterRegistry meters = registry;
    ModelLoader resolvedLoader = loader != null ? loader : OnnxModelLoader.builder()
        .options(onnxOptions != null ? onnxOptions : OnnxOptions.ofDefaults()).build();
    ModelLoading loading = new ModelLoading(name, resolvedLoader, devicePolicy, outcome -> {
      if (meters != null) {
        ModelMetrics.countLoad(meters, name, outcome);
      }
    }, resources != null ? resources.memory() : null);
    RepositoryVersion resolved = null;
    ModelRuntime loaded;
    if (repository != null) {
      try {
        resolved = repository.resolve(name, pin);
      } catch (ModelLoadException e) {
        loading.count(e.outcome());
        throw e;
      }
      loaded = loading.load(resolved, expectedDigest);
    } else {
      loaded = runtime != null ? runtime : loading.load(requireNonNull(source), expectedDigest);
    }
    try {
      checkDigest(loaded, resolved);
    } catch (ModelLoadException e) {
      loading.count(e.outcome());
      throw e;
    }
    MonitoredModel model;
    try {
      model = ModelAssembly.assemble(this, loaded);
    } catch (RuntimeException e) {
      loaded.close(); // nothing else owns it yet
      throw e;
    }
    loading.count(LoadOutcome.SUCCESS);
    if (authorizer != null) {
      model.attach(new RepositoryDeployer(model.state(), requireNonNull(repository), requireNonNull(resolved),
          loading::load, loading::count, requireNonNull(authenticator), authorizer, requireNonNull(auditLog),
          drainTimeout, trialSettings(model.outcomes()), promotionSettings(model)));
    }
    return model;
  }

  private TrialSettings trialSettings(OutcomeTracker outcomes) {
    MeterRegistry meters = registry;
    String modelName = name;
    return new TrialSettings(comparison, rollbackGuard, meters == null
        ? (baseline, candidate) -> TrialObserver.NONE
        : (baseline, candidate) -> TrialMetrics.register(meters, modelName, baseline, candidate),
        outcomes);
  }

  private @Nullable PromotionSettings promotionSettings(MonitoredModel model) {
    AnomalyDetector detector = model.anomalies();
    return promotionWatch == null ? null
        : new PromotionSettings(promotionWatch, model.outcomes(), detector::anomalousSignals);
  }

  /** Loaders check the digest before the runtime sees the bytes; this catches any that do not. */
  private void checkDigest(ModelRuntime loaded, @Nullable RepositoryVersion resolved) {
    String actual = loaded.version().digest();
    if (expectedDigest != null && !expectedDigest.equals(actual)) {
      loaded.close();
      String from = source != null ? source.toString()
          : resolved != null ? resolved.source().toString() : "the given runtime";
      throw new ModelIntegrityException(name, from, expectedDigest, actual);
    }
  }
}
