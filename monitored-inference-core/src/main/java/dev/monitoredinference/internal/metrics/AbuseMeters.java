package dev.monitoredinference.internal.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.abuse.AbuseEvent;
import dev.monitoredinference.abuse.AbuseKind;
import dev.monitoredinference.abuse.AbuseListener;
import dev.monitoredinference.abuse.AbuseMonitor;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * The abuse detector's meters: {@code abuse.detections{model, kind}} (every kind registered at
 * zero; counted as the detector's listener, so the caller never becomes a tag), and, once {@link
 * #watch} is called, the {@code abuse.callers} gauge and {@code abuse.dropped} count.
 */
public final class AbuseMeters implements AbuseListener, AutoCloseable {
  private final MeterRegistry registry;
  private final Tags model;
  private final Counter[] detections = new Counter[AbuseKind.values().length];
  private final SafeMeters meters = new SafeMeters();
  private @Nullable Gauge callers;

  private AbuseMeters(MeterRegistry registry, String modelName) {
    this.registry = registry;
    this.model = Tags.of(InferenceTags.MODEL, modelName);
    for (AbuseKind kind : AbuseKind.values()) {
      detections[kind.ordinal()] = Counter.builder(InferenceMeter.ABUSE_DETECTIONS.meterName())
          .description(InferenceMeter.ABUSE_DETECTIONS.description())
          .tags(model.and(InferenceTags.KIND, kind.tagValue()))
          .register(registry);
    }
  }

  /** Registers the detections counters of model {@code modelName}. */
  public static AbuseMeters register(MeterRegistry registry, String modelName) {
    return new AbuseMeters(requireNonNull(registry, "registry"), requireNonNull(modelName, "modelName"));
  }

  /** Publishes {@code monitor}'s tracked callers and dropped queries until {@link #close()}. */
  public void watch(AbuseMonitor monitor) {
    requireNonNull(monitor, "monitor");
    callers = Gauge.builder(InferenceMeter.ABUSE_CALLERS.meterName(), monitor, AbuseMonitor::trackedCallers)
        .description(InferenceMeter.ABUSE_CALLERS.description())
        .tags(model)
        .register(registry);
    FunctionCounter.builder(InferenceMeter.ABUSE_DROPPED.meterName(), monitor, AbuseMonitor::dropped)
        .description(InferenceMeter.ABUSE_DROPPED.description())
        .tags(model)
        .register(registry);
  }

  @Override
  public void onAbuse(AbuseEvent event) {
    meters.increment(detections[event.kind().ordinal()], 1);
  }

  /** Removes the callers gauge, which says the model is live; the counters keep their history. */
  @Override
  public void close() {
    if (callers != null) {
      registry.remove(callers);
    }
  }
}
