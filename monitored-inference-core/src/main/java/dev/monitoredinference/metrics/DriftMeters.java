package dev.monitoredinference.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.drift.DriftMethod;
import dev.monitoredinference.drift.DriftMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * A drift monitor's meters: {@code monitored.inference.drift.score{model, model.version, feature,
 * method}} gauges (strong references, one per feature and applicable method), {@code
 * monitored.inference.drift.samples{model, model.version, feature}}, and the {@code
 * monitored.inference.drift.dropped{model}} count. Gauges read the report computed at the last
 * rotation; a scrape computes nothing. {@link #close()} removes them.
 */
public final class DriftMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  private DriftMeters(MeterRegistry registry, String model, String version, DriftMonitor monitor) {
    this.registry = registry;
    Tags modelTag = Tags.of(InferenceTags.MODEL, model);
    Tags versioned = modelTag.and(InferenceTags.MODEL_VERSION, version);
    monitor.features().forEach((feature, kind) -> {
      Tags tags = versioned.and(InferenceTags.FEATURE, feature);
      for (DriftMethod method : kind.methods()) {
        meters.add(
            Gauge.builder(InferenceMeter.DRIFT_SCORE.meterName(), monitor,
                    m -> m.score(feature, method))
                .description(InferenceMeter.DRIFT_SCORE.description())
                .tags(tags.and(InferenceTags.METHOD, method.tagValue()))
                .strongReference(true)
                .register(registry));
      }
      meters.add(
          Gauge.builder(InferenceMeter.DRIFT_SAMPLES.meterName(), monitor, m -> m.samples(feature))
              .description(InferenceMeter.DRIFT_SAMPLES.description())
              .tags(tags)
              .strongReference(true)
              .register(registry));
    });
    meters.add(
        FunctionCounter.builder(InferenceMeter.DRIFT_DROPPED.meterName(), monitor,
                DriftMonitor::dropped)
            .description(InferenceMeter.DRIFT_DROPPED.description())
            .tags(modelTag)
            .register(registry));
  }

  /** Registers the meters of {@code monitor}, watching version {@code version} of {@code model}. */
  public static DriftMeters register(MeterRegistry registry, String model, String version,
      DriftMonitor monitor) {
    return new DriftMeters(requireNonNull(registry, "registry"), requireNonNull(model, "model"),
        requireNonNull(version, "version"), requireNonNull(monitor, "monitor"));
  }

  /** Removes the meters. Idempotent. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
