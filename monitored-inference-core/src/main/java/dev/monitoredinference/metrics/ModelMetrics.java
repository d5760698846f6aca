package dev.monitoredinference.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.DeviceFallback;
import dev.monitoredinference.CacheResult;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.anomaly.AnomalySignal;
import dev.monitoredinference.drift.DriftMonitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
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
  private final TimingInterceptor runTiming;
  private final Gauge active;
  private final Gauge info;
  private final Tags model;
  private final List<Gauge> anomalyStates = new ArrayList<>();
  private @Nullable DriftMeters driftMeters;
  private final String modelName;
  private final String version;

  private ModelMetrics(MeterRegistry registry, ModelVersion version) {
    this.registry = registry;
    if (registry.find(InferenceMeter.ACTIVE.meterName()).tag(InferenceTags.MODEL, version.modelName()).gauge()
        != null) {
      // Its gauges would be shared with, and removed by, the other model.
      throw new IllegalStateException(
          "a model named '" + version.modelName() + "' is already live in this registry; close it"
              + " first or give this one another name");
    }
    SafeMeters meters = new SafeMeters();
    Tags model = Tags.of(InferenceTags.MODEL, version.modelName());
    this.model = model;
    this.modelName = version.modelName();
    this.version = version.version();
    this.requestTiming =
        new TimingInterceptor(
            TimerGrid.byCacheResult(registry, InferenceMeter.REQUEST_DURATION,
                model.and(InferenceTags.OPERATION, InferenceTags.OPERATION_PREDICT),
                EnumSet.of(CacheResult.NONE)),
            registry.config().clock(),
            inFlight,
            meters);
    this.runTiming =
        new TimingInterceptor(
            TimerGrid.byErrorType(registry, InferenceMeter.RUN_DURATION,
                model.and(
                    InferenceTags.MODEL_VERSION, version.version(),
                    InferenceTags.EXECUTION_PROVIDER, version.executionProvider().tagValue())),
            registry.config().clock(),
            null,
            meters);
    this.outcomes = new OutcomeCounter(registry, model, meters, null);
    this.active =
        Gauge.builder(InferenceMeter.ACTIVE.meterName(), inFlight, LongAdder::sum)
            .description(InferenceMeter.ACTIVE.description())
            .tags(model)
            .register(registry);
    this.info =
        Gauge.builder(InferenceMeter.MODEL_INFO.meterName(), () -> 1)
            .description(InferenceMeter.MODEL_INFO.description())
            .tags(
                model.and(
                    InferenceTags.MODEL_VERSION, version.version(),
                    InferenceTags.MODEL_DIGEST, version.shortDigest(),
                    InferenceTags.EXECUTION_PROVIDER, version.executionProvider().tagValue()))
            .strongReference(true)
            .register(registry);
    version.fallback().ifPresent(fallback -> countFallback(model, fallback));
  }

  /** Registers the meters of a freshly loaded {@code version} in {@code registry}. */
  public static ModelMetrics register(MeterRegistry registry, ModelVersion version) {
    return new ModelMetrics(requireNonNull(registry, "registry"), requireNonNull(version, "version"));
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

  /** Times runtime calls into {@code monitored.inference.run.duration}; the innermost link. */
  public InferenceInterceptor runTiming() {
    return runTiming;
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
   * Publishes {@code monitor}'s scores, samples and drops as {@link DriftMeters}, removed with the
   * model's other live gauges. Call once, while building.
   */
  public void watchDrift(DriftMonitor monitor) {
    driftMeters = DriftMeters.register(registry, modelName, version,
        requireNonNull(monitor, "monitor"));
  }

  /** Removes the gauges that say the model is live; the timers and counters keep their history. */
  @Override
  public void close() {
    registry.remove(info);
    registry.remove(active);
    anomalyStates.forEach(registry::remove);
    if (driftMeters != null) {
      driftMeters.close();
    }
  }

  private void countFallback(Tags model, DeviceFallback fallback) {
    Counter.builder(InferenceMeter.FALLBACKS.meterName())
        .description(InferenceMeter.FALLBACKS.description())
        .tags(
            model.and(
                InferenceTags.FROM, fallback.from().tagValue(),
                InferenceTags.TO, fallback.to().tagValue(),
                InferenceTags.REASON, fallback.reason().tagValue()))
        .register(registry)
        .increment();
  }

}
