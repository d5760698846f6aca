package dev.monitoredinference.anomaly;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Configures anomaly detection for a model: tumbling time windows, an EWMA baseline per {@link
 * AnomalySignal}, a minimum-volume gate, a warm-up and enter/exit hysteresis.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .anomalies(AnomalyConfig.ofDefaults().window(Duration.ofSeconds(30)).minCalls(100))
 *     .alertListener(alert -> pager.ticket(alert.toString()))
 *     ...
 * }</pre>
 *
 * <p>Defaults: 30 s windows, at least 100 calls per judged window, 10 windows of warm-up,
 * smoothing λ = 0.2, enter when z &gt; 3 in 3 of the last 5 judged windows, exit when z &lt; 1.5
 * for 5 judged windows in a row, {@link System#nanoTime()} as the ticker and the UTC system clock
 * for alert timestamps.
 *
 * <p>Immutable; each setter checks its argument at once and returns a new configuration.
 */
public final class AnomalyConfig {
  private static final AnomalyConfig DEFAULTS =
      new AnomalyConfig(Duration.ofSeconds(30), 100, 10, 0.2, 3.0, 3, 5, 1.5, 5,
          System::nanoTime, Clock.systemUTC());

  final Duration window;
  final long minCalls;
  final int warmupWindows;
  final double smoothing;
  final double enterZ;
  final int enterWindows;
  final int enterOutOf;
  final double exitZ;
  final int exitWindows;
  final LongSupplier ticker;
  final Clock clock;

  private AnomalyConfig(Duration window, long minCalls, int warmupWindows, double smoothing,
      double enterZ, int enterWindows, int enterOutOf, double exitZ, int exitWindows,
      LongSupplier ticker, Clock clock) {
    this.window = window;
    this.minCalls = minCalls;
    this.warmupWindows = warmupWindows;
    this.smoothing = smoothing;
    this.enterZ = enterZ;
    this.enterWindows = enterWindows;
    this.enterOutOf = enterOutOf;
    this.exitZ = exitZ;
    this.exitWindows = exitWindows;
    this.ticker = ticker;
    this.clock = clock;
  }

  /** The defaults listed on this class. */
  public static AnomalyConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * The length of the tumbling windows the signals are aggregated over.
   *
   * @throws IllegalArgumentException if {@code window} is zero or negative
   */
  public AnomalyConfig window(Duration window) {
    requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0, but was " + window);
    }
    return copy(window, minCalls, warmupWindows, smoothing, ticker, clock);
  }

  /**
   * Windows with fewer calls are skipped by the latency and error detectors (no baseline update,
   * no alert); throughput is judged only once its baseline averages at least this many calls.
   *
   * @throws IllegalArgumentException if {@code calls <= 0}
   */
  public AnomalyConfig minCalls(long calls) {
    if (calls <= 0) {
      throw new IllegalArgumentException("minCalls must be > 0, but was " + calls);
    }
    return copy(window, calls, warmupWindows, smoothing, ticker, clock);
  }

  /**
   * How many windows must feed a signal's baseline before it can alert.
   *
   * @throws IllegalArgumentException if {@code windows <= 0}
   */
  public AnomalyConfig warmupWindows(int windows) {
    if (windows <= 0) {
      throw new IllegalArgumentException("warmupWindows must be > 0, but was " + windows);
    }
    return copy(window, minCalls, windows, smoothing, ticker, clock);
  }

  /**
   * The EWMA weight λ of the newest window in the baseline's mean and variance.
   *
   * @throws IllegalArgumentException unless {@code 0 < lambda <= 1}
   */
  public AnomalyConfig smoothing(double lambda) {
    if (!(lambda > 0 && lambda <= 1)) {
      throw new IllegalArgumentException("smoothing must be in (0, 1], but was " + lambda);
    }
    return copy(window, minCalls, warmupWindows, lambda, ticker, clock);
  }

  /**
   * A signal becomes anomalous when its z-score exceeds {@code z} in {@code windows} of the last
   * {@code outOf} judged windows.
   *
   * @throws IllegalArgumentException if {@code z} is not above the exit z, or unless {@code 1 <=
   *     windows <= outOf <= 32}
   */
  public AnomalyConfig enterWhen(double z, int windows, int outOf) {
    if (!(z > exitZ) || Double.isInfinite(z)) {
      throw new IllegalArgumentException(
          "enter z must be finite and > the exit z (" + exitZ + "), but was " + z);
    }
    if (windows < 1 || windows > outOf || outOf > 32) {
      throw new IllegalArgumentException(
          "enter windows must satisfy 1 <= windows <= outOf <= 32, but were " + windows + " of "
              + outOf);
    }
    return new AnomalyConfig(window, minCalls, warmupWindows, smoothing, z, windows, outOf,
        exitZ, exitWindows, ticker, clock);
  }

  /**
   * An anomalous signal returns to normal when its z-score stays below {@code z} for {@code
   * windows} judged windows in a row.
   *
   * @throws IllegalArgumentException unless {@code 0 <= z <} the enter z (set {@link #enterWhen}
   *     first to raise it), or if {@code windows <= 0}
   */
  public AnomalyConfig exitWhen(double z, int windows) {
    if (!(z >= 0 && z < enterZ)) {
      throw new IllegalArgumentException(
          "exit z must be >= 0 and < the enter z (" + enterZ + "), but was " + z);
    }
    if (windows <= 0) {
      throw new IllegalArgumentException("exit windows must be > 0, but was " + windows);
    }
    return new AnomalyConfig(window, minCalls, warmupWindows, smoothing, enterZ, enterWindows,
        enterOutOf, z, windows, ticker, clock);
  }

  /**
   * The monotonic nanosecond source that times calls and ends windows; tests pass a counter they
   * advance. {@link System#nanoTime()} unless set.
   */
  public AnomalyConfig ticker(LongSupplier ticker) {
    return copy(window, minCalls, warmupWindows, smoothing, requireNonNull(ticker, "ticker"), clock);
  }

  /** The wall clock that dates alerts, read once when a model is built; UTC system clock unless set. */
  public AnomalyConfig clock(Clock clock) {
    return copy(window, minCalls, warmupWindows, smoothing, ticker, requireNonNull(clock, "clock"));
  }

  /**
   * A detector for model {@code modelName}, alerting {@code listeners}; {@code version} names the
   * version serving at each alert. One per model: it holds the model's windows and baselines.
   */
  public AnomalyDetector detector(
      String modelName, Supplier<ModelVersion> version, List<AlertListener> listeners) {
    return new AnomalyDetector(this, requireNonNull(modelName, "modelName"),
        requireNonNull(version, "version"), List.copyOf(listeners));
  }

  private AnomalyConfig copy(Duration window, long minCalls, int warmupWindows,
      double smoothing, LongSupplier ticker, Clock clock) {
    return new AnomalyConfig(window, minCalls, warmupWindows, smoothing, enterZ, enterWindows,
        enterOutOf, exitZ, exitWindows, ticker, clock);
  }

  @Override
  public String toString() {
    return "window " + window.toMillis() + " ms, minCalls " + minCalls + ", warm-up "
        + warmupWindows + " windows, λ " + smoothing + ", enter z > " + enterZ + " in "
        + enterWindows + " of " + enterOutOf + ", exit z < " + exitZ + " for " + exitWindows;
  }
}
