package dev.monitoredinference.internal.metrics;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import dev.monitoredinference.runtime.DeviceFallback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of one loaded model version: the run timer ({@code monitored.inference.run.duration}
 * tagged with the version and provider) and the {@code model.info} gauge that says the version is
 * live, removed by {@link #close()} when the version is retired.
 */
public final class VersionMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final TimingInterceptor runTiming;
  private final Gauge info;

  VersionMetrics(MeterRegistry registry, Tags model, ModelVersion version, SafeMeters meters) {
    this.registry = registry;
    this.runTiming =
        new TimingInterceptor(
            TimerGrid.byErrorType(registry, InferenceMeter.RUN_DURATION,
                model.and(
                    InferenceTags.MODEL_VERSION, version.version(),
                    InferenceTags.EXECUTION_PROVIDER, version.executionProvider().tagValue())),
            registry.config().clock(),
            null,
            meters);
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
    version.fallback().ifPresent(fallback -> countFallback(registry, model, fallback));
  }

  /** Times runtime calls into {@code monitored.inference.run.duration}; the innermost link. */
  public InferenceInterceptor runTiming() {
    return runTiming;
  }

  /** Removes the {@code model.info} gauge; the run timers keep their history. */
  @Override
  public void close() {
    registry.remove(info);
  }

  private static void countFallback(MeterRegistry registry, Tags model, DeviceFallback fallback) {
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
