package dev.monitoredinference.outcomes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How an {@link OutcomeTracker} keeps served lists and figures, and how its {@link QualityVerdict}
 * decides. Defaults ({@link #ofDefaults()}): an attribution window of 30 minutes, at most 200,000
 * served lists held, the top 10 items of each, figures over a sliding window of 10 minutes in 10
 * slices, the sequential test's mixture spread 0.02, at least 500 searches per version before a
 * verdict, {@link System#nanoTime()} as the ticker.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .outcomes(OutcomeConfig.ofDefaults().attributionWindow(Duration.ofMinutes(20)).topK(10))
 *     ...
 * }</pre>
 *
 * <p>Memory: a held list costs about 200 bytes plus 8 per item (the items are kept as 64-bit
 * hashes), so the default cap holds at most about 60 MB at k = 10. Immutable; each setter checks
 * its argument at once and returns a new config.
 */
public final class OutcomeConfig {
  /** The most items per list a tracker keeps: outcome flags of 20 items fill one long. */
  public static final int MAX_TOP_K = 20;

  final Duration attributionWindow;
  final int maxServedLists;
  final int topK;
  final Duration window;
  final int windowSlices;
  final double mixtureSpread;
  final int minSearches;
  final LongSupplier ticker;

  private OutcomeConfig(Duration attributionWindow, int maxServedLists, int topK, Duration window,
      int windowSlices, double mixtureSpread, int minSearches, LongSupplier ticker) {
    this.attributionWindow = attributionWindow;
    this.maxServedLists = maxServedLists;
    this.topK = topK;
    this.window = window;
    this.windowSlices = windowSlices;
    this.mixtureSpread = mixtureSpread;
    this.minSearches = minSearches;
    this.ticker = ticker;
  }

  /** The defaults listed above. */
  public static OutcomeConfig ofDefaults() {
    return new OutcomeConfig(Duration.ofMinutes(30), 200_000, 10, Duration.ofMinutes(10), 10, 0.02,
        500, System::nanoTime);
  }

  /**
   * How long after {@code served} outcomes of a search still count; later ones are dropped as
   * {@link OutcomeDrop#EXPIRED}. Ranking figures (MRR, NDCG) are credited when it closes.
   *
   * @throws IllegalArgumentException if {@code window} is not positive
   */
  public OutcomeConfig attributionWindow(Duration window) {
    return new OutcomeConfig(positive("attributionWindow", window), maxServedLists, topK,
        this.window, windowSlices, mixtureSpread, minSearches, ticker);
  }

  /**
   * The most served lists held at once; at the cap the oldest list leaves, before its attribution
   * window closes, for the newest (its later outcomes: {@link OutcomeDrop#EVICTED}). A held list
   * takes about {@code 50 + 8 * topK} bytes (no object per list).
   *
   * @throws IllegalArgumentException unless {@code 0 < lists <= 100,000,000}
   */
  public OutcomeConfig maxServedLists(int lists) {
    if (lists <= 0 || lists > 100_000_000) {
      throw new IllegalArgumentException("maxServedLists must be in [1, 100000000], but was " + lists);
    }
    return new OutcomeConfig(attributionWindow, lists, topK, window, windowSlices, mixtureSpread,
        minSearches, ticker);
  }

  /**
   * The k of CTR@k and NDCG@k: items of a served list beyond it are not kept.
   *
   * @throws IllegalArgumentException unless {@code 1 <= k <= MAX_TOP_K}
   */
  public OutcomeConfig topK(int k) {
    if (k < 1 || k > MAX_TOP_K) {
      throw new IllegalArgumentException("topK must be in [1, " + MAX_TOP_K + "], but was " + k);
    }
    return new OutcomeConfig(attributionWindow, maxServedLists, k, window, windowSlices,
        mixtureSpread, minSearches, ticker);
  }

  /**
   * The sliding window of {@link OutcomeReport#window()}, kept as {@code slices} slices: it moves
   * one slice at a time.
   *
   * @throws IllegalArgumentException if {@code window} is shorter than {@code slices} nanoseconds
   *     or {@code slices} is not in [1, 1000]
   */
  public OutcomeConfig window(Duration window, int slices) {
    positive("window", window);
    if (slices < 1 || slices > 1000 || window.toNanos() < slices) {
      throw new IllegalArgumentException("window slices must be in [1, 1000] and no more than the"
          + " window's nanoseconds, but were " + slices + " for " + window);
    }
    return new OutcomeConfig(attributionWindow, maxServedLists, topK, window, slices,
        mixtureSpread, minSearches, ticker);
  }

  /**
   * The standard deviation of the normal mixture over the difference of the two shares that the
   * sequential test puts its power on (an absolute difference: 0.02 is two points of CTR). Smaller
   * finds small differences sooner and large ones later; the error guarantee holds for any value.
   *
   * @throws IllegalArgumentException unless {@code 0 < spread <= 1}
   */
  public OutcomeConfig mixtureSpread(double spread) {
    if (!(spread > 0 && spread <= 1)) {
      throw new IllegalArgumentException("mixtureSpread must be in (0, 1], but was " + spread);
    }
    return new OutcomeConfig(attributionWindow, maxServedLists, topK, window, windowSlices, spread,
        minSearches, ticker);
  }

  /**
   * The searches each version needs before a verdict can be other than not yet known: the test's
   * normal approximation needs them.
   *
   * @throws IllegalArgumentException if {@code searches < 30}
   */
  public OutcomeConfig minSearches(int searches) {
    if (searches < 30) {
      throw new IllegalArgumentException("minSearches must be >= 30, but was " + searches);
    }
    return new OutcomeConfig(attributionWindow, maxServedLists, topK, window, windowSlices,
        mixtureSpread, searches, ticker);
  }

  /**
   * The nanosecond ticker of attribution and sliding windows (and of {@code
   * PromotionWatchConfig}'s period); a fake one lets tests and demos move time.
   */
  public OutcomeConfig ticker(LongSupplier ticker) {
    return new OutcomeConfig(attributionWindow, maxServedLists, topK, window, windowSlices,
        mixtureSpread, minSearches, requireNonNull(ticker, "ticker"));
  }

  public Duration attributionWindow() {
    return attributionWindow;
  }

  public int maxServedLists() {
    return maxServedLists;
  }

  public int topK() {
    return topK;
  }

  public Duration window() {
    return window;
  }

  public int windowSlices() {
    return windowSlices;
  }

  public double mixtureSpread() {
    return mixtureSpread;
  }

  public int minSearches() {
    return minSearches;
  }

  public LongSupplier ticker() {
    return ticker;
  }

  private static Duration positive(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "OutcomeConfig[attributionWindow=" + attributionWindow + ", maxServedLists="
        + maxServedLists + ", topK=" + topK + ", window=" + window + "/" + windowSlices
        + ", mixtureSpread=" + mixtureSpread + ", minSearches=" + minSearches + "]";
  }
}
