package dev.monitoredinference.abuse;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Per-caller abuse and model-extraction detection. Calls made with a {@code CallerId} are tracked
 * under its hash, in a table bounded by {@link #maxCallers} (least-recently-used out) whose
 * entries are forgotten after {@link #idleExpiry} without a call. A caller is flagged as
 *
 * <ul>
 *   <li>{@link AbuseKind#FLOODING} when its calls in a sliding {@link #rateWindow} exceed {@link
 *       #floodCalls};
 *   <li>{@link AbuseKind#SUSPECTED_EXTRACTION} when, of its last 64 queries, at least {@link
 *       #extractionNovelty} are new to it (no repeat among its 32 most recent distinct queries):
 *       extraction needs fresh queries, people repeat the popular ones;
 *   <li>{@link AbuseKind#PROBING} when the distances of its new queries to its earlier ones are
 *       too regular (PRADA's Shapiro–Wilk W below {@link #sweepThreshold}: a grid sweep), or more
 *       than {@link #maxRejectedShare} of at least {@link #minCalls} calls were rejected as invalid.
 * </ul>
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .abuse(AbuseConfig.ofDefaults().enforcement(Enforcement.THROTTLE))
 *     .abuseListener(event -> security.report(event))
 *     ...
 * model.predict(inputs, CallOptions.ofDefaults().caller(CallerId.of(apiKeyId)));
 * }</pre>
 *
 * <p>Memory: about 1.5 KB per tracked caller (see the security guide), so the default cap of
 * 20,000 callers bounds the table near 30 MB. Immutable; each setter checks its argument at once.
 */
public final class AbuseConfig {
  private static final AbuseConfig DEFAULTS = new AbuseConfig(20_000, Duration.ofHours(1),
      Duration.ofMinutes(1), 600, 0.97, 0.5, 1e-4, 20, 0.25, Enforcement.OBSERVE, 10,
      Duration.ofMinutes(15), 4096, 20_261_203L, System::nanoTime, Clock.systemUTC());

  final long maxCallers;
  final Duration idleExpiry;
  final Duration rateWindow;
  final int floodCalls;
  final double extractionNovelty;
  final double sweepThreshold;
  final double duplicateRadius;
  final int minCalls;
  final double maxRejectedShare;
  final Enforcement enforcement;
  final int throttleCalls;
  final Duration flagDuration;
  final int queueCapacity;
  final long seed;
  final LongSupplier ticker;
  final Clock clock;

  private AbuseConfig(long maxCallers, Duration idleExpiry, Duration rateWindow, int floodCalls,
      double extractionNovelty, double sweepThreshold, double duplicateRadius, int minCalls,
      double maxRejectedShare, Enforcement enforcement, int throttleCalls, Duration flagDuration,
      int queueCapacity, long seed, LongSupplier ticker, Clock clock) {
    this.maxCallers = maxCallers;
    this.idleExpiry = idleExpiry;
    this.rateWindow = rateWindow;
    this.floodCalls = floodCalls;
    this.extractionNovelty = extractionNovelty;
    this.sweepThreshold = sweepThreshold;
    this.duplicateRadius = duplicateRadius;
    this.minCalls = minCalls;
    this.maxRejectedShare = maxRejectedShare;
    this.enforcement = enforcement;
    this.throttleCalls = throttleCalls;
    this.flagDuration = flagDuration;
    this.queueCapacity = queueCapacity;
    this.seed = seed;
    this.ticker = ticker;
    this.clock = clock;
  }

  /**
   * 20,000 callers forgotten after 1 h idle; flooding above 600 calls a minute; extraction at
   * 97 % new queries; a sweep below W = 0.5; probing above 25 % rejected of at least 20 calls;
   * {@link Enforcement#OBSERVE}; flags last 15 minutes.
   */
  public static AbuseConfig ofDefaults() {
    return DEFAULTS;
  }

  /** At most {@code callers} tracked; the least recently used is forgotten first. */
  public AbuseConfig maxCallers(long callers) {
    positive("maxCallers", callers);
    return new AbuseConfig(callers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /** A caller without a call for {@code expiry} is forgotten, its flags with it. */
  public AbuseConfig idleExpiry(Duration expiry) {
    positive("idleExpiry", expiry);
    return new AbuseConfig(maxCallers, expiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /** More than {@code calls} calls in a sliding {@code window} flag a caller as flooding. */
  public AbuseConfig flooding(int calls, Duration window) {
    positive("floodCalls", calls);
    positive("rateWindow", window);
    return new AbuseConfig(maxCallers, idleExpiry, window, calls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /**
   * A caller whose last 64 queries hold at least this share of new ones is flagged as suspected
   * extraction.
   *
   * @throws IllegalArgumentException unless {@code 0.5 <= share <= 1}
   */
  public AbuseConfig extractionNovelty(double share) {
    if (!(share >= 0.5 && share <= 1)) {
      throw new IllegalArgumentException("extractionNovelty must be in [0.5, 1], but was " + share);
    }
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, share, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /**
   * A Shapiro–Wilk W of the caller's query distances below {@code w} flags it as probing; 0 turns
   * the test off.
   *
   * @throws IllegalArgumentException unless {@code 0 <= w < 1}
   */
  public AbuseConfig sweepThreshold(double w) {
    if (!(w >= 0 && w < 1)) {
      throw new IllegalArgumentException("sweepThreshold must be in [0, 1), but was " + w);
    }
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, w,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /**
   * Queries whose fingerprints are closer than {@code radius} count as a repeat (fingerprints are
   * in the units of the inputs; text fingerprints have coordinates in [-1, 1] per word).
   *
   * @throws IllegalArgumentException unless {@code radius >= 0}
   */
  public AbuseConfig duplicateRadius(double radius) {
    if (!(radius >= 0)) {
      throw new IllegalArgumentException("duplicateRadius must be >= 0, but was " + radius);
    }
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        radius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /**
   * More than {@code share} of a caller's calls rejected as invalid, once it made {@code minCalls},
   * flag it as probing.
   *
   * @throws IllegalArgumentException unless {@code minCalls > 0} and {@code 0 < share < 1}
   */
  public AbuseConfig rejectedShare(double share, int minCalls) {
    positive("minCalls", minCalls);
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("maxRejectedShare must be in (0, 1), but was " + share);
    }
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, share, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /** What happens to a flagged caller's calls; {@link Enforcement#OBSERVE} unless set. */
  public AbuseConfig enforcement(Enforcement enforcement) {
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, requireNonNull(enforcement, "enforcement"), throttleCalls,
        flagDuration, queueCapacity, seed, ticker, clock);
  }

  /** With {@link Enforcement#THROTTLE}: the calls per rate window a flagged caller keeps (0: none). */
  public AbuseConfig throttleCalls(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("throttleCalls must be >= 0, but was " + calls);
    }
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, calls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /** How long a flag holds after it is raised (or raised again). */
  public AbuseConfig flagDuration(Duration duration) {
    positive("flagDuration", duration);
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, duration, queueCapacity,
        seed, ticker, clock);
  }

  /** Queries waiting for the detector's thread; beyond it they are dropped and counted. */
  public AbuseConfig queueCapacity(int queries) {
    positive("queueCapacity", queries);
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queries,
        seed, ticker, clock);
  }

  /** The seed of the fingerprint projections; replicas that share it fingerprint alike. */
  public AbuseConfig seed(long seed) {
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, clock);
  }

  /** The nanosecond ticker of rate windows, flags and expiry; {@link System#nanoTime()} unless set. */
  public AbuseConfig ticker(LongSupplier ticker) {
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, requireNonNull(ticker, "ticker"), clock);
  }

  /** The clock of event times; the UTC system clock unless set. */
  public AbuseConfig clock(Clock clock) {
    return new AbuseConfig(maxCallers, idleExpiry, rateWindow, floodCalls, extractionNovelty, sweepThreshold,
        duplicateRadius, minCalls, maxRejectedShare, enforcement, throttleCalls, flagDuration, queueCapacity,
        seed, ticker, requireNonNull(clock, "clock"));
  }

  public Enforcement enforcement() {
    return enforcement;
  }

  /**
   * Starts the detector of model {@code modelName}, reporting to {@code listeners}; its thread
   * runs until {@link AbuseMonitor#close()}.
   */
  public AbuseMonitor monitor(String modelName, List<AbuseListener> listeners) {
    return AbuseMonitor.start(requireNonNull(modelName, "modelName"), this, listeners);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
  }

  @Override
  public String toString() {
    return "flooding > " + floodCalls + " calls per " + rateWindow + ", extraction at novelty "
        + extractionNovelty + ", sweep below W " + sweepThreshold + ", probing above " + maxRejectedShare
        + " rejected of " + minCalls + ", " + enforcement + ", " + maxCallers + " callers";
  }
}
