package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What drift to watch and how: features, windows, baseline, sketch sizes and test levels.
 * Immutable; build it with {@link #builder()}.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .drift(DriftConfig.builder()
 *         .features("features", List.of("price", "ctr_7d", "dwell_time"))
 *         .outputs("score")
 *         .window(Duration.ofMinutes(5))
 *         .baseline(Baseline.capture(10_000))
 *         .build())
 *     ...
 * }</pre>
 *
 * <p>Defaults: 5-minute windows made of 5 sub-windows, {@code Baseline.capture(10_000)}, KLL
 * {@code k = 200}, 10 equal-mass bins, 16 random projections with seed 42, false-alarm level
 * α = 0.01 per version per day (over all features and windows), an
 * embedding drifts when 25 % of its projections do, sample rate 1, a queue of 4096 calls, health
 * {@code DEGRADED} on any drifted feature, the system ticker and UTC clock.
 */
public final class DriftConfig {
  final List<FeatureSpec> specs;
  final @Nullable Duration window;
  final long windowSamples;
  final int subWindows;
  final Baseline baseline;
  final int k;
  final int bins;
  final int projections;
  final long seed;
  final double alpha;
  final double projectionShare;
  final int maxCategories;
  final double sampleRate;
  final int queueCapacity;
  final double healthLevel;
  final LongSupplier ticker;
  final Clock clock;

  DriftConfig(DriftConfigBuilder b) {
    this.specs = List.copyOf(b.specs);
    this.window = b.windowSamples > 0 ? null : b.window;
    this.windowSamples = b.windowSamples;
    this.subWindows = b.subWindows;
    this.baseline = b.baseline;
    this.k = b.k;
    this.bins = b.bins;
    this.projections = b.projections;
    this.seed = b.seed;
    this.alpha = b.alpha;
    this.projectionShare = b.projectionShare;
    this.maxCategories = b.maxCategories;
    this.sampleRate = b.sampleRate;
    this.queueCapacity = b.queueCapacity;
    this.healthLevel = b.healthLevel;
    this.ticker = b.ticker;
    this.clock = b.clock;
  }

  /** The length of a time sub-window; 0 for windows counted in rows. */
  long subWindowNanos() {
    return window == null ? 0 : window.toNanos() / subWindows;
  }

  /** A builder with the defaults listed on this class and no features. */
  public static DriftConfigBuilder builder() {
    return new DriftConfigBuilder();
  }

  /** The baseline policy. */
  public Baseline baseline() {
    return baseline;
  }

  /**
   * A started monitor for the model {@code modelName}, telling {@code listeners} of drift events;
   * one per model. Its daemon thread runs until {@link DriftMonitor#close()}.
   *
   * @throws IllegalArgumentException if a loaded baseline lacks a configured feature or holds it
   *     as another kind
   */
  public DriftMonitor monitor(String modelName, List<DriftListener> listeners) {
    requireNonNull(modelName, "modelName");
    return new DriftMonitor(modelName, this, List.copyOf(listeners));
  }

  /** The names of all features, in configuration order. */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>();
    specs.forEach(spec -> names.addAll(spec.names()));
    return names;
  }
}
