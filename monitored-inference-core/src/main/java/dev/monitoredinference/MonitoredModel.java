package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.abuse.AbuseMonitor;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.circuit.CircuitBreaker;
import dev.monitoredinference.circuit.CircuitOpenException;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.internal.assembly.VersionAssembly;
import dev.monitoredinference.internal.call.CallControl;
import dev.monitoredinference.internal.call.InterceptorChain;
import dev.monitoredinference.internal.call.LoadedVersion;
import dev.monitoredinference.internal.versioning.RepositoryDeployer;
import dev.monitoredinference.internal.versioning.ServingState;
import dev.monitoredinference.internal.versioning.Traffic;
import dev.monitoredinference.internal.versioning.TrialWatch;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.versioning.ModelDeployer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The handle a service holds on a model: runs calls through the interceptor chain and reports
 * which version serves them and where it runs.
 *
 * <pre>{@code
 * try (MonitoredModel model = MonitoredModel.builder("ranker")
 *         .modelFile(Path.of("ranker.onnx"))
 *         .device(DevicePolicy.preferGpu(0))
 *         .metrics(meterRegistry)
 *         .build()) {
 *   Prediction p = model.predict(Inputs.of("features", new float[][] {{0.1f, 0.7f}}));
 *   float[] scores = p.floatArray("score");
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves any number of concurrent callers. {@link #close()} refuses
 * new calls at once and closes the runtime when the last running call returns; {@link
 * #shutdown(Duration)} also waits for them, and terminates those still running at its timeout.
 */
public final class MonitoredModel implements AutoCloseable, HealthContributor {
  private final String name;
  private final ServingState state;
  private @Nullable RepositoryDeployer deployer;
  private final ModelParts parts;

  MonitoredModel(ModelParts parts, LoadedVersion first, VersionAssembly assembly) {
    this.name = parts.name();
    this.parts = parts;
    this.state = new ServingState(name, first, assembly::assemble);
  }

  /**
   * A builder for the model called {@code name}, the {@code model} tag on every meter.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static MonitoredModelBuilder builder(String name) {
    return new MonitoredModelBuilder(name);
  }

  /**
   * Runs one call through the chain, within the model's {@link MonitoredModelBuilder#deadline} if
   * it has one.
   *
   * @throws InvalidInputException if the inputs do not match the model's signature
   * @throws ModelClosedException if the model is closed
   * @throws ModelExecutionException if the runtime fails
   * @throws ModelOverloadedException if admission control refuses the call
   * @throws DeadlineExceededException if the model's deadline passes before the call finishes
   * @throws CircuitOpenException if the circuit breaker refuses the call and has no fallback
   */
  public Prediction predict(Inputs inputs) {
    requireNonNull(inputs, "inputs");
    return call(inputs, parts.deadline(), null);
  }

  /**
   * Runs one call as {@link #predict(Inputs)} does, at {@code priority}: with an admission batch
   * lane, {@link Priority#BATCH} calls are refused or queued first and never take the slots kept
   * for interactive ones ({@code AdmissionConfig.batchLane}).
   *
   * @throws ModelOverloadedException if admission control refuses the call
   */
  public Prediction predict(Inputs inputs, Priority priority) {
    requireNonNull(inputs, "inputs");
    return call(inputs, parts.deadline(), null, requireNonNull(priority, "priority"));
  }

  /**
   * Runs one call as {@link #predict(Inputs)} does, routed by {@code key} while a canary runs
   * ({@link ModelDeployer#canary}): calls with the same key go to the same version for as long as
   * the canary's share is unchanged. Without a canary the key is ignored.
   *
   * <pre>{@code
   * Prediction p = model.predict(inputs, RoutingKey.of(userId));
   * String servedBy = p.version().version();
   * }</pre>
   *
   * @throws InvalidInputException if the inputs do not match the model's signature
   * @throws ModelClosedException if the model is closed
   * @throws ModelExecutionException if the runtime fails
   * @throws ModelOverloadedException if admission control refuses the call
   * @throws DeadlineExceededException if the model's deadline passes before the call finishes
   * @throws CircuitOpenException if the circuit breaker refuses the call and has no fallback
   */
  public Prediction predict(Inputs inputs, RoutingKey key) {
    requireNonNull(inputs, "inputs");
    requireNonNull(key, "key");
    return call(inputs, parts.deadline(), key);
  }

  /**
   * Runs one call routed by {@code key} (see {@link #predict(Inputs, RoutingKey)}) within {@code
   * timeout} (see {@link #predict(Inputs, Duration)}).
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws DeadlineExceededException if the deadline passes before the call finishes
   * @throws InvalidInputException if the inputs do not match the model's signature
   * @throws ModelClosedException if the model is closed
   * @throws ModelExecutionException if the runtime fails
   * @throws ModelOverloadedException if admission control refuses the call
   * @throws CircuitOpenException if the circuit breaker refuses the call and has no fallback
   */
  public Prediction predict(Inputs inputs, RoutingKey key, Duration timeout) {
    requireNonNull(key, "key");
    return call(requireNonNull(inputs, "inputs"), callDeadline(timeout), key);
  }

  /**
   * Runs one call that must finish within {@code timeout}, or the model's own deadline if that is
   * shorter: a call may lower the deadline, never raise it. At the deadline the caller gets {@link
   * DeadlineExceededException} at once and the native run is told to terminate; the call keeps
   * its admission permit and its hold on the session until the native run has returned. A call
   * whose deadline passes while it waits for admission never starts. Cost: the run is handed to a
   * worker thread so that the caller can leave on time.
   *
   * <pre>{@code
   * Prediction p = model.predict(inputs, Duration.ofMillis(50));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws DeadlineExceededException if the deadline passes before the call finishes
   * @throws InvalidInputException if the inputs do not match the model's signature
   * @throws ModelClosedException if the model is closed
   * @throws ModelExecutionException if the runtime fails
   * @throws ModelOverloadedException if admission control refuses the call
   * @throws CircuitOpenException if the circuit breaker refuses the call and has no fallback
   */
  public Prediction predict(Inputs inputs, Duration timeout) {
    requireNonNull(inputs, "inputs");
    return call(inputs, callDeadline(timeout), null);
  }

  /**
   * Runs one call as {@code options} say: made by {@link CallOptions#caller()} (tracked and, if
   * flagged, throttled or refused by {@link MonitoredModelBuilder#abuse}), routed by its routing
   * key while a canary runs, at its priority, within its timeout or the model's deadline, whichever
   * is shorter. The one general form: the other overloads are shorthands for it.
   *
   * <pre>{@code
   * Prediction p = model.predict(inputs, CallOptions.ofDefaults()
   *     .caller(CallerId.of(apiKeyId)).routingKey(RoutingKey.of(userId)).timeout(Duration.ofMillis(50)));
   * }</pre>
   *
   * @throws InvalidInputException if the inputs do not match the model's signature
   * @throws ModelClosedException if the model is closed
   * @throws ModelExecutionException if the runtime fails
   * @throws ModelOverloadedException if admission control refuses the call
   * @throws DeadlineExceededException if the deadline passes before the call finishes
   * @throws CircuitOpenException if the circuit breaker refuses the call and has no fallback
   * @throws dev.monitoredinference.abuse.CallerRefusedException if abuse detection refuses a
   *     flagged caller
   */
  public Prediction predict(Inputs inputs, CallOptions options) {
    requireNonNull(inputs, "inputs");
    requireNonNull(options, "options");
    Duration timeout = options.timeout();
    return call(inputs, timeout == null ? parts.deadline() : callDeadline(timeout), options.routingKey(),
        options.priority(), options.caller());
  }

  private Duration callDeadline(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, but was " + timeout);
    }
    Duration deadline = parts.deadline();
    return deadline != null && deadline.compareTo(timeout) < 0 ? deadline : timeout;
  }

  private Prediction call(Inputs inputs, @Nullable Duration callDeadline, @Nullable RoutingKey key) {
    return call(inputs, callDeadline, key, Priority.INTERACTIVE, CallerId.anonymous());
  }

  private Prediction call(Inputs inputs, @Nullable Duration callDeadline, @Nullable RoutingKey key,
      Priority priority) {
    return call(inputs, callDeadline, key, priority, CallerId.anonymous());
  }

  private Prediction call(Inputs inputs, @Nullable Duration callDeadline, @Nullable RoutingKey key,
      Priority priority, CallerId caller) {
    while (true) {
      Traffic routes = state.traffic();
      LoadedVersion current = routes.route(key);
      CallControl control = current.begin(callDeadline, priority, caller);
      if (control == null) {
        if (state.isClosed()) {
          throw new ModelClosedException(name);
        }
        continue; // swapped between get() and begin(): the new version is published already
      }
      try {
        Prediction answer = routes.execute(current, inputs, control);
        return current == routes.baseline() ? answer : answer.servedBy(Variant.CANARY);
      } finally {
        current.end(control);
      }
    }
  }

  /**
   * The admin operations of a model built with {@link MonitoredModelBuilder#repository} and
   * {@link MonitoredModelBuilder#admin}: promote, rollback, deploy, retire.
   *
   * @throws IllegalStateException if the model was built without them
   */
  public ModelDeployer deployer() {
    if (deployer == null) {
      throw new IllegalStateException("model '" + name + "' has no admin operations: build it with"
          + " repository(...) and admin(...)");
    }
    return deployer;
  }

  /** What the builder hands the deployer: the state it swaps and publishes. */
  ServingState state() {
    return state;
  }

  /** Set once by the builder, before the model is handed out. */
  void attach(RepositoryDeployer deployer) {
    this.deployer = deployer;
  }

  /**
   * Runs one call on {@code executor}, in the caller's context: interceptors that implement
   * {@link ContextPropagating} (tracing) carry it over, so the call's span is a child of the
   * caller's. The future fails with the exceptions {@link #predict} throws.
   */
  public CompletableFuture<Prediction> predictAsync(Inputs inputs, Executor executor) {
    requireNonNull(inputs, "inputs");
    requireNonNull(executor, "executor");
    CompletableFuture<Prediction> result = new CompletableFuture<>();
    Runnable task = () -> {
      try {
        result.complete(predict(inputs));
      } catch (Throwable failure) {
        result.completeExceptionally(failure);
      }
    };
    for (ContextPropagating propagator : parts.propagators()) {
      task = propagator.wrap(task);
    }
    executor.execute(task);
    return result;
  }

  /** The model's name. */
  public String name() {
    return name;
  }

  /** The version serving calls: its digest, signature and the execution provider in use. */
  public ModelVersion version() {
    return state.version();
  }

  /**
   * The model's anomaly detector: which signals are anomalous now, and {@link
   * AnomalyDetector#evaluate()} to close windows of an idle model. Unless {@link
   * MonitoredModelBuilder#anomalies} was set, {@link AnomalyDetector#disabled()}: never anomalous.
   */
  public AnomalyDetector anomalies() {
    return parts.anomalies();
  }

  /**
   * The model's abuse detector: which callers are flagged, and how many are tracked. Unless {@link
   * MonitoredModelBuilder#abuse} was set, {@link AbuseMonitor#disabled()}: nobody is flagged.
   */
  public AbuseMonitor abuse() {
    return parts.abuse();
  }

  /**
   * The model's circuit breaker ({@link MonitoredModelBuilder#circuitBreaker}): its state and
   * counts; empty without one.
   */
  public Optional<CircuitBreaker> circuitBreaker() {
    return Optional.ofNullable(parts.breaker());
  }

  /**
   * The model's drift monitor: the latest report, serialized baseline and window sketches for
   * shipping or a fleet view. Unless {@link MonitoredModelBuilder#drift} was set, {@link
   * DriftMonitor#disabled()}.
   */
  public DriftMonitor drift() {
    return parts.drift();
  }

  /**
   * The model's outcome tracker: report what each prediction's ranked list showed ({@code
   * served}) and what users did with it ({@code record}); read CTR@k, conversion, revenue, MRR and
   * NDCG per version and variant ({@code report()}). Unless {@link MonitoredModelBuilder#outcomes}
   * was set, {@link OutcomeTracker#disabled()}: it keeps nothing.
   */
  public OutcomeTracker outcomes() {
    return parts.outcomes();
  }

  /**
   * The drift of the serving version's latest window, computed when it closed: per feature PSI,
   * KS, JS, out-of-range and NaN shares, sample counts, the baseline's provenance and the share
   * of drifted features. During a canary the candidate's report is {@code
   * drift().report(candidateVersion)}. {@link DriftReport.Status#DISABLED} unless {@link
   * MonitoredModelBuilder#drift} was set.
   */
  public DriftReport driftReport() {
    return parts.drift().report(version().version());
  }

  /** The application interceptors added with {@link MonitoredModelBuilder#addInterceptor}, in order. */
  public List<InferenceInterceptor> applicationInterceptors() {
    return parts.applicationInterceptors();
  }

  /** The runtime interceptors added with {@link MonitoredModelBuilder#addRuntimeInterceptor}, in order. */
  public List<InferenceInterceptor> runtimeInterceptors() {
    return parts.runtimeInterceptors();
  }

  /**
   * Native objects (ONNX Runtime sessions, tensors, results) held right now by the serving version
   * and a canary or shadow candidate: the session count between calls, 0 after {@link #close()}
   * once running calls have returned.
   */
  public long liveNativeObjects() {
    Traffic routes = state.traffic();
    LoadedVersion candidate = routes.candidate();
    return routes.baseline().runtime().liveNativeObjects()
        + (candidate == null ? 0 : candidate.runtime().liveNativeObjects());
  }

  /** Whether {@link #close()} or {@link #shutdown} was called. */
  public boolean isClosed() {
    return state.isClosed();
  }

  /**
   * The model's health now: {@code DOWN} once closed; otherwise the worst of a device fallback
   * ({@code DEGRADED}: running on the CPU instead of the GPU), the deployer's last failed
   * operation ({@code DEGRADED}), and every contributor the builder registered: the anomaly
   * detector ({@code DEGRADED} while a signal is anomalous), the circuit breaker, and those added
   * with {@link MonitoredModelBuilder#addHealthContributor} (one that throws reads as {@code
   * DEGRADED}, see {@link HealthStatus#of}). Drift has no say. Cheap; asks each contributor.
   */
  @Override
  public HealthStatus health() {
    if (state.isClosed()) {
      return HealthStatus.down("model is closed");
    }
    List<HealthStatus> statuses = new ArrayList<>(parts.health().size() + 2);
    version().fallback().ifPresent(fallback -> statuses.add(HealthStatus.degraded(
        "running on " + fallback.to().tagValue() + " instead of " + fallback.from().tagValue()
            + " (" + fallback.reason().tagValue() + ")")));
    if (deployer != null) {
      deployer.lastFailure().ifPresent(failure -> statuses.add(HealthStatus.degraded(failure)));
    }
    parts.health().forEach(contributor -> statuses.add(HealthStatus.of(contributor)));
    return HealthStatus.worstOf(statuses);
  }

  /**
   * Shuts the model down gracefully: refuses new calls at once with {@link ModelClosedException},
   * waits up to {@code timeout} for the calls in flight to return, then tells those still running
   * to terminate (they fail with {@link ModelClosedException}); the runtime is closed exactly once,
   * when the last of them has returned, which may be after this method returns. Also does what
   * {@link #close()} does. Blocks the caller for at most {@code timeout}.
   *
   * <pre>{@code
   * boolean drained = model.shutdown(Duration.ofSeconds(10));
   * }</pre>
   *
   * @return whether every call had returned within {@code timeout}
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean shutdown(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, but was " + timeout);
    }
    Traffic routes = state.traffic(); // close() leaves it published: calls keep leasing from it
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException telemetryFailure = null;
    try {
      close();
    } catch (RuntimeException e) {
      telemetryFailure = e; // drain anyway, then report it
    }
    // One deadline for both: a canary's or shadow's candidate is drained and terminated too.
    LoadedVersion candidate = routes.candidate();
    boolean drained = routes.baseline().retire(remaining(deadline));
    if (candidate != null) {
      drained &= candidate.retire(remaining(deadline));
    }
    if (telemetryFailure != null) {
      throw telemetryFailure;
    }
    return drained;
  }

  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /**
   * Refuses new calls, removes the gauges that report this model live, and closes the runtime
   * once the calls already running have returned. Idempotent.
   */
  @Override
  public void close() {
    if (!state.close()) {
      return;
    }
    Traffic routes = state.traffic();
    TrialWatch trial = routes.trial();
    LoadedVersion candidate = routes.candidate();
    if (trial != null) {
      trial.close();
    }
    if (candidate != null) {
      candidate.retireWhenIdle();
    }
    routes.baseline().retireWhenIdle();
    if (deployer != null) {
      deployer.closeStaged();
    }
    try {
      parts.onClose().close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the telemetry of model '" + name + "' failed", e);
    }
  }

  @Override
  public String toString() {
    return "MonitoredModel[" + version() + "]";
  }
}
