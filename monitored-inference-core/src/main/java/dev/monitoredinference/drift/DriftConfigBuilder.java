package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Builds a {@link DriftConfig} ({@link DriftConfig#builder()}); each setter checks its argument at
 * once, {@link #build()} the whole. Not thread-safe.
 */
public final class DriftConfigBuilder {
  final List<FeatureSpec> specs = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  Duration window = Duration.ofMinutes(5);
  long windowSamples;
  int subWindows = 5;
  Baseline baseline = Baseline.capture(10_000);
  int k = 200;
  int bins = 10;
  int projections = 16;
  long seed = 42;
  double alpha = 0.01;
  double projectionShare = 0.25;
  int maxCategories = 20;
  double sampleRate = 1.0;
  int queueCapacity = 4096;
  double healthLevel = 0;
  LongSupplier ticker = System::nanoTime;
  Clock clock = Clock.systemUTC();

  DriftConfigBuilder() {}

  /**
   * Watches the columns of the 2-D numeric input {@code input} ([batch, columns.size()] or
   * wider), column i as the feature {@code columns.get(i)}.
   *
   * @throws IllegalArgumentException if {@code columns} is empty or a name is blank or taken
   */
  public DriftConfigBuilder features(String input, List<String> columns) {
    requireNonNull(input, "input");
    requireNonNull(columns, "columns");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("columns of '" + input + "' must not be empty");
    }
    return add(new FeatureSpec(FeatureKind.NUMERIC, input, List.copyOf(columns),
        FeatureSpec.Where.INPUT));
  }

  /**
   * Watches each numeric output in {@code outputs}, all of its elements as one feature named
   * after the output.
   *
   * @throws IllegalArgumentException if a name is blank or taken
   */
  public DriftConfigBuilder outputs(String... outputs) {
    for (String output : requireNonNull(outputs, "outputs")) {
      add(new FeatureSpec(FeatureKind.NUMERIC, requireNonNull(output, "output"),
          List.of(output), FeatureSpec.Where.OUTPUT));
    }
    return this;
  }

  /**
   * Watches the string or integer-id tensor {@code tensor} (an input, else an output) as a
   * categorical feature: every element is one value.
   *
   * @throws IllegalArgumentException if the name is blank or taken
   */
  public DriftConfigBuilder categorical(String tensor) {
    return add(new FeatureSpec(FeatureKind.CATEGORICAL, requireNonNull(tensor, "tensor"),
        List.of(tensor), FeatureSpec.Where.INPUT_THEN_OUTPUT));
  }

  /**
   * Watches the float tensor {@code tensor} of shape [batch, d] (an output, else an input) as
   * an embedding: each row is one vector.
   *
   * @throws IllegalArgumentException if the name is blank or taken
   */
  public DriftConfigBuilder embedding(String tensor) {
    return add(new FeatureSpec(FeatureKind.EMBEDDING, requireNonNull(tensor, "tensor"),
        List.of(tensor), FeatureSpec.Where.OUTPUT_THEN_INPUT));
  }

  /**
   * Tumbling windows of {@code window} of time, made of {@link #subWindows} sub-windows;
   * replaces {@link #windowSamples}.
   *
   * @throws IllegalArgumentException if {@code window} is zero or negative
   */
  public DriftConfigBuilder window(Duration window) {
    requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0, but was " + window);
    }
    this.window = window;
    this.windowSamples = 0;
    return this;
  }

  /**
   * Windows of {@code samples} rows (calls' batch rows), made of {@link #subWindows}
   * sub-windows; replaces {@link #window}.
   *
   * @throws IllegalArgumentException if {@code samples < 1}
   */
  public DriftConfigBuilder windowSamples(long samples) {
    this.windowSamples = atLeast("windowSamples", samples, 1);
    return this;
  }

  /**
   * How many sub-windows make a window; scores are computed each time one closes, over the
   * last {@code count} of them.
   *
   * @throws IllegalArgumentException unless {@code 1 <= count <= 60}
   */
  public DriftConfigBuilder subWindows(int count) {
    this.subWindows = (int) within("subWindows", count, 1, 60);
    return this;
  }

  /** Where the baseline comes from; {@code Baseline.capture(10_000)} unless set. */
  public DriftConfigBuilder baseline(Baseline baseline) {
    this.baseline = requireNonNull(baseline, "baseline");
    return this;
  }

  /**
   * The KLL accuracy parameter: rank error about 1.33 % at 200 (99 % confidence).
   *
   * @throws IllegalArgumentException unless {@code 8 <= k <= 65535}
   */
  public DriftConfigBuilder k(int k) {
    this.k = (int) within("k", k, 8, 65535);
    return this;
  }

  /**
   * Equal-mass bins, from the baseline's quantiles, for PSI and JS.
   *
   * @throws IllegalArgumentException unless {@code 2 <= bins <= 100}
   */
  public DriftConfigBuilder bins(int bins) {
    this.bins = (int) within("bins", bins, 2, 100);
    return this;
  }

  /**
   * Random projections per embedding, drawn from {@code seed}; the seed also drives the KLL
   * sketches' compaction, so a replayed stream gives the same report.
   *
   * @throws IllegalArgumentException unless {@code 1 <= count <= 256}
   */
  public DriftConfigBuilder projections(int count, long seed) {
    this.projections = (int) within("projections", count, 1, 256);
    this.seed = seed;
    return this;
  }

  /**
   * The false-alarm level: the chance that a version with no drift fires any drift event, over
   * all its features and all the windows scored in a day, is at most {@code alpha}, whatever k,
   * window size or feature count. Each test runs at a share of it (see the drift guide); a KS
   * threshold is c(share)·√((n_b + n_w) / (n_b·n_w)) plus both sketches' rank error.
   *
   * @throws IllegalArgumentException unless {@code 0 < alpha < 0.5}
   */
  public DriftConfigBuilder alpha(double alpha) {
    if (!(alpha > 0 && alpha < 0.5)) {
      throw new IllegalArgumentException("alpha must be in (0, 0.5), but was " + alpha);
    }
    this.alpha = alpha;
    return this;
  }

  /**
   * An embedding drifts when at least this share of its projections does.
   *
   * @throws IllegalArgumentException unless {@code 0 < share <= 1}
   */
  public DriftConfigBuilder projectionShare(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("projectionShare must be in (0, 1], but was " + share);
    }
    this.projectionShare = share;
    return this;
  }

  /**
   * The most baseline categories a categorical feature bins separately; the rest share an
   * OTHER bin.
   *
   * @throws IllegalArgumentException unless {@code 1 <= count <= 1000}
   */
  public DriftConfigBuilder maxCategories(int count) {
    this.maxCategories = (int) within("maxCategories", count, 1, 1000);
    return this;
  }

  /**
   * The share of calls sketched, to bound CPU at high traffic.
   *
   * @throws IllegalArgumentException unless {@code 0 < rate <= 1}
   */
  public DriftConfigBuilder sampleRate(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("sampleRate must be in (0, 1], but was " + rate);
    }
    this.sampleRate = rate;
    return this;
  }

  /**
   * Calls waiting for the background thread; beyond it calls are dropped and counted.
   *
   * @throws IllegalArgumentException unless {@code 1 <= capacity <= 1_000_000}
   */
  public DriftConfigBuilder queueCapacity(int capacity) {
    this.queueCapacity = (int) within("queueCapacity", capacity, 1, 1_000_000);
    return this;
  }

  /**
   * The model's health is {@code DEGRADED} while more than {@code driftedShare} of its features
   * drifted in the serving version's latest window: 0 (the default) degrades on any drifted
   * feature (drift events are rare by design, see {@link #alpha}), 0.5 on more than half, 1 keeps
   * drift out of health. Drift never makes a model {@code DOWN}: it still answers.
   *
   * @throws IllegalArgumentException unless {@code 0 <= driftedShare <= 1}
   */
  public DriftConfigBuilder degradeHealthAbove(double driftedShare) {
    if (!(driftedShare >= 0 && driftedShare <= 1)) {
      throw new IllegalArgumentException(
          "degradeHealthAbove must be in [0, 1], but was " + driftedShare);
    }
    this.healthLevel = driftedShare;
    return this;
  }

  /** The monotonic nanosecond source that ends time windows; {@link System#nanoTime()} unless set. */
  public DriftConfigBuilder ticker(LongSupplier ticker) {
    this.ticker = requireNonNull(ticker, "ticker");
    return this;
  }

  /** The wall clock that dates baselines and events; the UTC system clock unless set. */
  public DriftConfigBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The configuration.
   *
   * @throws IllegalStateException if no feature was given
   */
  public DriftConfig build() {
    if (specs.isEmpty()) {
      throw new IllegalStateException(
          "drift needs at least one of features, outputs, categorical or embedding");
    }
    return new DriftConfig(this);
  }

  private DriftConfigBuilder add(FeatureSpec spec) {
    for (String name : spec.names()) {
      requireNonNull(name, "feature name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("feature names must not be blank, but one of '"
            + spec.tensor() + "' was '" + name + "'");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException("feature '" + name + "' is configured twice");
      }
    }
    specs.add(spec);
    return this;
  }

  private static long within(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " must be in [" + min + ", " + max + "], but was " + value);
    }
    return value;
  }

  private static long atLeast(String what, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be >= " + min + ", but was " + value);
    }
    return value;
  }
}
