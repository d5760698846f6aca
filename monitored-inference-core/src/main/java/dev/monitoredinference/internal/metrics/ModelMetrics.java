package dev.monitoredinference.internal.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CacheResult;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.anomaly.AnomalySignal;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import dev.monitoredinference.runtime.DeviceFallback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The Micrometer meters of one model, created once when the model is built: two timing
 * interceptors (the request through the whole chain, and the runtime call alone), the in-flight
 * gauge, the {@code model.info} gauge and the fallback count.
 *
 * <p>Every {@code error.type} series is registered up front at zero, so that error-ratio queries
 * have a numerator before the first error and the hot path never looks a meter up.
 */
public final class ModelMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final LongAdder inFlight = new LongAdder();
  private final TimingInterceptor requestTiming;
  private final OutcomeCounter outcomes;
  private final Gauge active;
  private final Tags model;
  private final SafeMeters meters = new SafeMeters();
  private final List<Gauge> anomalyStates = new ArrayList<>();
  private @Nullable Gauge circuitState;
  private @Nullable DriftMeters driftMeters;
  private final String modelName;

  private ModelMetrics(MeterRegistry registry, String modelName) {
    this.registry = registry;
    if (registry.find(InferenceMeter.ACTIVE.meterName()).tag(InferenceTags.MODEL, modelName).gauge()
        != null) {
      // Its gauges would be shared with, and removed by, the other model.
      throw new IllegalStateException(
          "a model named '" + modelName + "' is already live in this registry; close it"
              + " first or give this one another name");
    }
    Tags model = Tags.of(InferenceTags.MODEL, modelName);
    this.model = model;
    this.modelName = modelName;
    this.requestTiming =
        new TimingInterceptor(
            TimerGrid.byCacheResult(registry, InferenceMeter.REQUEST_DURATION,
                model.and(InferenceTags.OPERATION, InferenceTags.OPERATION_PREDICT),
                EnumSet.of(CacheResult.NONE)),
            registry.config().clock(),
            inFlight,
            meters);
    this.outcomes = new OutcomeCounter(registry, model, meters, null);
    this.active =
        Gauge.builder(InferenceMeter.ACTIVE.meterName(), inFlight, LongAdder::sum)
            .description(InferenceMeter.ACTIVE.description())
            .tags(model)
            .register(registry);
  }

  /**
   * Registers the model-level meters of model {@code modelName} in {@code registry}; each loaded
   * version adds its own with {@link #forVersion}.
   *
   * @throws IllegalStateException if a model of that name is live in {@code registry}
   */
  public static ModelMetrics register(MeterRegistry registry, String modelName) {
    return new ModelMetrics(requireNonNull(registry, "registry"), requireNonNull(modelName, "modelName"));
  }

  /**
   * Registers the meters of one loaded {@code version}: its run timers, its {@code model.info}
   * gauge (1 while {@code serving} says it serves, else 0) and, if it fell back to another device,
   * a {@code fallbacks} count.
   */
  public VersionMetrics forVersion(ModelVersion version, BooleanSupplier serving) {
    return new VersionMetrics(registry, model, requireNonNull(version, "version"),
        requireNonNull(serving, "serving"), meters);
  }

  /** Times whole calls into {@code monitored.inference.request.duration}; the outermost built-in. */
  public InferenceInterceptor requestTiming() {
    return requestTiming;
  }

  /** Counts rejections by rule and input adjustments; right inside {@link #requestTiming()}. */
  public InferenceInterceptor outcomes() {
    return outcomes;
  }

  /** Counts one load of model {@code modelName} in {@code monitored.inference.model.loads}. */
  public static void countLoad(MeterRegistry registry, String modelName, LoadOutcome outcome) {
    Counter.builder(InferenceMeter.MODEL_LOADS.meterName())
        .description(InferenceMeter.MODEL_LOADS.description())
        .tags(InferenceTags.MODEL, modelName, InferenceTags.OUTCOME, outcome.tagValue())
        .register(registry)
        .increment();
  }

  /**
   * Publishes {@code detector}'s state as {@code monitored.inference.anomaly.state{model, signal}}
   * gauges, one per {@link AnomalySignal}: 1 while anomalous, else 0. Call once, while building.
   */
  public void watchAnomalies(AnomalyDetector detector) {
    requireNonNull(detector, "detector");
    for (AnomalySignal signal : AnomalySignal.values()) {
      anomalyStates.add(
          Gauge.builder(InferenceMeter.ANOMALY_STATE.meterName(), detector,
                  d -> d.isAnomalous(signal) ? 1 : 0)
              .description(InferenceMeter.ANOMALY_STATE.description())
              .tags(model.and(InferenceTags.SIGNAL, signal.tagValue()))
              .register(registry));
    }
  }

  /**
   * Publishes {@code monitored.inference.circuit.state} from {@code state} (0 closed, 1 half-open,
   * 2 open) until {@link #close()}.
   *
   * @throws IllegalStateException if called a second time
   */
  public void trackCircuitState(IntSupplier state) {
    requireNonNull(state, "state");
    if (circuitState != null) {
      throw new IllegalStateException("the circuit state of this model is tracked already");
    }
    circuitState =
        Gauge.builder(InferenceMeter.CIRCUIT_STATE.meterName(), state::getAsInt)
            .description(InferenceMeter.CIRCUIT_STATE.description())
            .tags(model)
            .strongReference(true)
            .register(registry);
  }

  /**
   * Publishes {@code monitor}'s scores, samples and drops as {@link DriftMeters}, tagged with the
   * version serving at build, removed with the model's other live gauges. Call once, while
   * building.
   */
  public void watchDrift(DriftMonitor monitor, String version) {
    driftMeters = DriftMeters.register(registry, modelName, requireNonNull(version, "version"),
        requireNonNull(monitor, "monitor"));
  }

  /** Removes the gauges that say the model is live; the timers and counters keep their history. */
  @Override
  public void close() {
    registry.remove(active);
    anomalyStates.forEach(registry::remove);
    if (circuitState != null) {
      registry.remove(circuitState);
    }
    if (driftMeters != null) {
      driftMeters.close();
    }
  }
}
