package dev.monitoredinference.spring.boot.actuate;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.health.HealthStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code monitoredinference} endpoint says about one model; a snapshot, serialised as
 * JSON by Actuator.
 */
public record ModelDescriptor(
    String version,
    String digest,
    String loadedAt,
    String provider,
    @Nullable Fallback fallback,
    String health,
    List<String> reasons,
    @Nullable String circuitBreaker,
    Drift drift) {

  /** The device fallback the version took: from which provider to which, and why. */
  public record Fallback(String from, String to, String reason, String cause) {}

  /** The drift report's summary: status, drifted features and their share. */
  public record Drift(String status, List<String> drifted, double driftedShare,
      long windowSamples) {}

  static ModelDescriptor of(MonitoredModel model) {
    ModelVersion version = model.version();
    HealthStatus health = model.health();
    DriftReport drift = model.driftReport();
    return new ModelDescriptor(
        version.version(),
        version.digest(),
        version.loadedAt().toString(),
        version.executionProvider().tagValue(),
        version.fallback()
            .map(f -> new Fallback(f.from().tagValue(), f.to().tagValue(),
                f.reason().tagValue(), f.cause()))
            .orElse(null),
        health.state().name(),
        health.reasons(),
        model.circuitBreaker().map(breaker -> breaker.state().name()).orElse(null),
        new Drift(drift.status().name(), drift.drifted(), drift.driftedShare(),
            drift.windowSamples()));
  }
}
