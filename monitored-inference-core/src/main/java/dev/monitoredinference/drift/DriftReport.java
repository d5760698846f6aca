package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The drift of one model's latest window: a {@link FeatureDrift} per configured feature, the
 * model-level share of drifted features, and the baseline's provenance. Computed when a
 * sub-window closes, never when read. Immutable.
 *
 * <pre>{@code
 * DriftReport report = model.driftReport();
 * if (report.driftedShare() >= 0.5) {
 *   log.warn("half of {}'s features drifted: {}", report.model(), report.drifted());
 * }
 * }</pre>
 */
public final class DriftReport {
  /** Where the model's drift watch stands. */
  public enum Status {
    /** No drift configured. */
    DISABLED,
    /** The baseline is still being captured; no scores yet. */
    CAPTURING_BASELINE,
    /**
     * The baseline is frozen; the scores are of the latest window (none until the first window
     * after the baseline closes).
     */
    SCORED
  }

  private final Status status;
  private final String model;
  private final String modelVersion;
  private final List<FeatureDrift> features;
  private final @Nullable BaselineProvenance baseline;
  private final long windowSamples;
  private final @Nullable Instant windowEnd;

  DriftReport(Status status, String model, String modelVersion, List<FeatureDrift> features,
      @Nullable BaselineProvenance baseline, long windowSamples, @Nullable Instant windowEnd) {
    this.status = requireNonNull(status, "status");
    this.model = requireNonNull(model, "model");
    this.modelVersion = requireNonNull(modelVersion, "modelVersion");
    this.features = List.copyOf(features);
    this.baseline = baseline;
    this.windowSamples = windowSamples;
    this.windowEnd = windowEnd;
  }

  static DriftReport disabled(String model) {
    return new DriftReport(Status.DISABLED, model, "", List.of(), null, 0, null);
  }

  /** Where the watch stands. */
  public Status status() {
    return status;
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The version whose window was scored (empty when {@link Status#DISABLED}). */
  public String modelVersion() {
    return modelVersion;
  }

  /**
   * One entry per configured feature, in configuration order; empty until the first window after
   * the baseline has closed.
   */
  public List<FeatureDrift> features() {
    return features;
  }

  /** The feature called {@code name}, if configured and scored. */
  public Optional<FeatureDrift> feature(String name) {
    requireNonNull(name, "name");
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The names of the drifted features. */
  public List<String> drifted() {
    return features.stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList();
  }

  /** Drifted features / scored features, in [0, 1]; 0 when nothing was scored. */
  public double driftedShare() {
    return features.isEmpty() ? 0 : (double) drifted().size() / features.size();
  }

  /** Where the baseline came from, once there is one. */
  public Optional<BaselineProvenance> baseline() {
    return Optional.ofNullable(baseline);
  }

  /** Rows in the window scored (while capturing: rows captured so far). */
  public long windowSamples() {
    return windowSamples;
  }

  /** When the scored window ended, once one was. */
  public Optional<Instant> windowEnd() {
    return Optional.ofNullable(windowEnd);
  }

  @Override
  public String toString() {
    return "DriftReport[" + model + " " + modelVersion + " " + status + ", " + windowSamples
        + " rows, drifted " + drifted() + "]";
  }
}
