package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.internal.InterceptorChain;
import dev.monitoredinference.internal.SharedRuntime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

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
 * new calls at once and closes the runtime when the last running call returns.
 */
public final class MonitoredModel implements AutoCloseable {
  private final String name;
  private final SharedRuntime runtime;
  private final InterceptorChain chain;
  private final AutoCloseable onClose;
  private final List<ContextPropagating> propagators;
  private final AnomalyDetector anomalies;
  private final DriftMonitor drift;

  MonitoredModel(String name, SharedRuntime runtime, InterceptorChain chain, AutoCloseable onClose,
      AnomalyDetector anomalies, DriftMonitor drift) {
    this.name = name;
    this.drift = drift;
    this.anomalies = anomalies;
    this.runtime = runtime;
    this.chain = chain;
    this.onClose = onClose;
    this.propagators =
        chain.interceptors().stream()
            .filter(ContextPropagating.class::isInstance)
            .map(ContextPropagating.class::cast)
            .collect(Collectors.toUnmodifiableList());
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
   * Runs one call through the chain.
   *
   * @throws InvalidInputException if the inputs do not match the model's signature
   * @throws ModelClosedException if the model is closed
   * @throws ModelExecutionException if the runtime fails
   */
  public Prediction predict(Inputs inputs) {
    requireNonNull(inputs, "inputs");
    if (!runtime.acquire()) {
      throw new ModelClosedException(name);
    }
    try {
      return chain.execute(inputs);
    } finally {
      runtime.release();
    }
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
    for (ContextPropagating propagator : propagators) {
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
    return runtime.runtime().version();
  }

  /**
   * The model's anomaly detector: which signals are anomalous now, and {@link
   * AnomalyDetector#evaluate()} to close windows of an idle model. Unless {@link
   * MonitoredModelBuilder#anomalies} was set, {@link AnomalyDetector#disabled()}: never anomalous.
   */
  public AnomalyDetector anomalies() {
    return anomalies;
  }

  /**
   * The model's drift monitor: the latest report, serialized baseline and window sketches for
   * shipping or a fleet view. Unless {@link MonitoredModelBuilder#drift} was set, {@link
   * DriftMonitor#disabled()}.
   */
  public DriftMonitor drift() {
    return drift;
  }

  /**
   * The drift of the latest window, computed when it closed: per feature PSI, KS, JS,
   * out-of-range and NaN shares, sample counts, the baseline's provenance and the share of
   * drifted features. {@link DriftReport.Status#DISABLED} unless {@link
   * MonitoredModelBuilder#drift} was set.
   */
  public DriftReport driftReport() {
    return drift.report();
  }

  /** The chain's interceptors, outermost first, as the builder assembled them. */
  public List<InferenceInterceptor> interceptors() {
    return chain.interceptors();
  }

  /**
   * Native objects (ONNX Runtime sessions, tensors, results) held right now: the session count
   * between calls, 0 after {@link #close()} once running calls have returned.
   */
  public long liveNativeObjects() {
    return runtime.runtime().liveNativeObjects();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return runtime.isClosing();
  }

  /**
   * Refuses new calls, removes the gauges that report this model live, and closes the runtime
   * once the calls already running have returned. Idempotent.
   */
  @Override
  public void close() {
    if (!runtime.close()) {
      return;
    }
    try {
      onClose.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the telemetry of model '" + name + "' failed", e);
    }
  }

  @Override
  public String toString() {
    return "MonitoredModel[" + version() + "]";
  }
}
