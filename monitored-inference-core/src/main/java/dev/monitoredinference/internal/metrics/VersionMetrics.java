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
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one loaded model version: the run timer ({@code monitored.inference.run.duration}
 * tagged with the version and provider), the {@code model.info} gauge (1 while the version
 * serves, 0 while it is loaded beside the serving one: staged, or a canary or shadow candidate)
 * and, when its load was measured, the {@code model.native.memory} gauge; the gauges are
 * removed by {@link #close()} when the version is retired.
 */
public final class VersionMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final TimingInterceptor runTiming;
  private final Gauge info;
  private final @Nullable Gauge nativeMemory;

  VersionMetrics(MeterRegistry registry, Tags model, ModelVersion version, BooleanSupplier serving,
      SafeMeters meters) {
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
        Gauge.builder(InferenceMeter.MODEL_INFO.meterName(), () -> serving.getAsBoolean() ? 1 : 0)
            .description(InferenceMeter.MODEL_INFO.description())
            .tags(
                model.and(
                    InferenceTags.MODEL_VERSION, version.version(),
                    InferenceTags.MODEL_DIGEST, version.shortDigest(),
                    InferenceTags.EXECUTION_PROVIDER, version.executionProvider().tagValue()))
            .strongReference(true)
            .register(registry);
    this.nativeMemory = version.nativeMemoryAtLoad().isPresent()
        ? Gauge.builder(InferenceMeter.MODEL_NATIVE_MEMORY.meterName(),
                () -> version.nativeMemoryAtLoad().getAsLong())
            .description(InferenceMeter.MODEL_NATIVE_MEMORY.description())
            .tags(model.and(InferenceTags.MODEL_VERSION, version.version()))
            .baseUnit("bytes")
            .strongReference(true)
            .register(registry)
        : null;
    version.fallback().ifPresent(fallback -> countFallback(registry, model, fallback));
  }

  /** Times runtime calls into {@code monitored.inference.run.duration}; the innermost link. */
  public InferenceInterceptor runTiming() {
    return runTiming;
  }

  /** Removes the version's gauges; the run timers keep their history. */
  @Override
  public void close() {
    registry.remove(info);
    if (nativeMemory != null) {
      registry.remove(nativeMemory);
    }
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
