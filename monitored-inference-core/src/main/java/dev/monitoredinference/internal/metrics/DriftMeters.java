package dev.monitoredinference.internal.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.drift.DriftMethod;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A drift monitor's meters: {@code monitored.inference.drift.score{model, model.version, feature,
 * method}} gauges (strong references, one per feature and applicable method), {@code
 * monitored.inference.drift.detected} and {@code monitored.inference.drift.samples{model,
 * model.version, feature}}, and the {@code monitored.inference.drift.dropped{model}} and {@code
 * monitored.inference.drift.shed{model}} counts. Gauges read the report computed at the last
 * rotation; a scrape computes nothing. The score and samples gauges exist per model version the
 * monitor keeps: the version the model was built with from the start, each new version (hot
 * swap, canary) from its first call, and a version's gauges go when the monitor evicts it (it
 * keeps the 3 that served most recently) or, for the built version, when another version serves
 * first. {@link #close()} removes them all.
 */
public final class DriftMeters implements AutoCloseable, DriftMonitor.VersionWatcher {
  private final MeterRegistry registry;
  private final String model;
  private final DriftMonitor monitor;
  private final Meter dropped;
  private final Meter shed;
  private final Map<String, List<Meter>> byVersion = new HashMap<>();
  /** The version built with, until the monitor first keeps a version: it may never serve. */
  private @Nullable String unconfirmed;
  private boolean closed;

  private DriftMeters(MeterRegistry registry, String model, String version, DriftMonitor monitor) {
    this.registry = registry;
    this.model = model;
    this.monitor = monitor;
    this.dropped = FunctionCounter.builder(InferenceMeter.DRIFT_DROPPED.meterName(), monitor,
            DriftMonitor::dropped)
        .description(InferenceMeter.DRIFT_DROPPED.description())
        .tags(Tags.of(InferenceTags.MODEL, model))
        .register(registry);
    this.shed = FunctionCounter.builder(InferenceMeter.DRIFT_SHED.meterName(), monitor,
            DriftMonitor::shed)
        .description(InferenceMeter.DRIFT_SHED.description())
        .tags(Tags.of(InferenceTags.MODEL, model))
        .register(registry);
    kept(version);
    unconfirmed = version;
  }

  /**
   * Registers the meters of {@code monitor}, starting with version {@code version} of {@code
   * model}, and follows the versions the monitor keeps.
   */
  public static DriftMeters register(MeterRegistry registry, String model, String version,
      DriftMonitor monitor) {
    DriftMeters meters = new DriftMeters(requireNonNull(registry, "registry"),
        requireNonNull(model, "model"), requireNonNull(version, "version"),
        requireNonNull(monitor, "monitor"));
    monitor.watchVersions(meters);
    return meters;
  }

  @Override
  public synchronized void kept(String version) {
    if (unconfirmed != null && !unconfirmed.equals(version)) {
      dropped(unconfirmed); // swapped out before it served a call
    }
    unconfirmed = null;
    if (closed || byVersion.containsKey(version)) {
      return;
    }
    List<Meter> meters = new ArrayList<>();
    byVersion.put(version, meters); // filled as registered, so a failure leaks nothing
    Tags versioned = Tags.of(InferenceTags.MODEL, model, InferenceTags.MODEL_VERSION, version);
    monitor.features().forEach((feature, kind) -> {
      Tags tags = versioned.and(InferenceTags.FEATURE, feature);
      for (DriftMethod method : kind.methods()) {
        meters.add(
            Gauge.builder(InferenceMeter.DRIFT_SCORE.meterName(), monitor,
                    m -> m.score(version, feature, method))
                .description(InferenceMeter.DRIFT_SCORE.description())
                .tags(tags.and(InferenceTags.METHOD, method.tagValue()))
                .strongReference(true)
                .register(registry));
      }
      meters.add(
          Gauge.builder(InferenceMeter.DRIFT_DETECTED.meterName(), monitor,
                  m -> m.report(version).feature(feature)
                      .map(drift -> drift.drifted() ? 1.0 : 0.0)
                      .orElse(Double.NaN))
              .description(InferenceMeter.DRIFT_DETECTED.description())
              .tags(tags)
              .strongReference(true)
              .register(registry));
      meters.add(
          Gauge.builder(InferenceMeter.DRIFT_SAMPLES.meterName(), monitor,
                  m -> m.samples(version, feature))
              .description(InferenceMeter.DRIFT_SAMPLES.description())
              .tags(tags)
              .strongReference(true)
              .register(registry));
    });
  }

  @Override
  public synchronized void dropped(String version) {
    List<Meter> meters = byVersion.remove(version);
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }

  /** Removes the meters. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    byVersion.values().forEach(meters -> meters.forEach(registry::remove));
    byVersion.clear();
    registry.remove(dropped);
    registry.remove(shed);
  }
}
