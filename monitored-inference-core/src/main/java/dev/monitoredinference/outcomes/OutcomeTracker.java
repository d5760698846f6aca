package dev.monitoredinference.outcomes;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Variant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Joins what the application showed with what users did, per model version and variant. The
 * application reports each ranked list it shows ({@link #served}) and, later, each outcome
 * ({@link #record}); the tracker keeps figures as plain sums ({@link QualityFigures}) over a
 * sliding window and since it started, and tests two versions against each other ({@link
 * #compare}). Obtained from {@code MonitoredModel.outcomes()} of a model built with {@code
 * outcomes(OutcomeConfig)}, or made alone with {@link #create}.
 *
 * <pre>{@code
 * Prediction p = ranker.predict(inputs, RoutingKey.of(userId));
 * List<String> shown = topItems(p, 10);
 * ranker.outcomes().served(p, shown);                        // p knows its id, version, variant
 * respond(p.id(), shown);
 * // later, from the click stream:
 * ranker.outcomes().record(predictionId, itemId, Outcome.PURCHASE, 59.90);
 * }</pre>
 *
 * <p>Memory is bounded: served lists live in a Caffeine table for the attribution window, at most
 * {@link OutcomeConfig#maxServedLists()} of them, with items as 64-bit hashes. Outcomes that
 * cannot be credited (unknown, expired, evicted, duplicate, not in the top k) are counted by
 * {@link OutcomeDrop} and dropped, never thrown. Ids and item ids are hashed on arrival and never
 * reach metrics, spans or logs.
 *
 * <p>Thread-safe. Cost: an outcome is a table look-up and two short locks; a served list is a
 * Caffeine write, which at the table's cap also pushes out and settles one list (measured figures
 * in {@code docs/benchmarks.md}). Expired and pushed-out lists are settled on the calling thread
 * during the table's maintenance.
 */
public final class OutcomeTracker {
  private static final OutcomeTracker DISABLED = new OutcomeTracker(OutcomeConfig.ofDefaults(), false);

  private final OutcomeConfig config;
  private final boolean enabled;
  private final LongSupplier ticker;
  private final Cache<Long, ServedList> table;
  private final Map<String, ArmSums[]> arms = new ConcurrentHashMap<>();
  private final LongAdder[] drops = new LongAdder[OutcomeDrop.values().length];
  private final long windowNanos;
  private volatile @Nullable String idPrefix; // the process's, learned from the first id served
  private volatile long expiredUpTo = -1; // the highest id counter that expired
  private volatile long evictedUpTo = -1; // the highest id counter the size cap pushed out

  private OutcomeTracker(OutcomeConfig config, boolean enabled) {
    this.config = config;
    this.enabled = enabled;
    this.ticker = config.ticker();
    this.windowNanos = config.window().toNanos();
    for (int i = 0; i < drops.length; i++) {
      drops[i] = new LongAdder();
    }
    this.table = Caffeine.newBuilder()
        .expireAfterWrite(config.attributionWindow())
        .maximumSize(enabled ? config.maxServedLists() : 0)
        .ticker(ticker::getAsLong)
        .executor(Runnable::run) // settle on the calling thread: deterministic, no pool
        .evictionListener(this::settle)
        .build();
  }

  /** A tracker with {@code config}. */
  public static OutcomeTracker create(OutcomeConfig config) {
    return new OutcomeTracker(requireNonNull(config, "config"), true);
  }

  /** A tracker that keeps nothing: what a model built without {@code outcomes(...)} has. */
  public static OutcomeTracker disabled() {
    return DISABLED;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public OutcomeConfig config() {
    return config;
  }

  /**
   * Records that {@code itemIds} (ranked, best first) were shown for {@code prediction}; only the
   * top k are kept. A second call for the same prediction is dropped ({@link
   * OutcomeDrop#SERVED_TWICE}).
   *
   * @throws NullPointerException if an argument or an item id is null
   */
  public void served(Prediction prediction, List<String> itemIds) {
    serve(prediction, itemIds, null);
  }

  /**
   * {@link #served(Prediction, List)} with the model's click probability of each item, for the
   * calibration figures ({@link QualityFigures#calibrationRatio()}).
   *
   * @throws IllegalArgumentException if the lengths differ or a probability is not in [0, 1]
   */
  public void served(Prediction prediction, List<String> itemIds, double[] clickProbabilities) {
    requireNonNull(clickProbabilities, "clickProbabilities");
    if (clickProbabilities.length != itemIds.size()) {
      throw new IllegalArgumentException("clickProbabilities must have one value per item ("
          + itemIds.size() + "), but has " + clickProbabilities.length);
    }
    for (double p : clickProbabilities) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("click probabilities must be in [0, 1], but one was " + p);
      }
    }
    serve(prediction, itemIds, clickProbabilities);
  }

  private void serve(Prediction prediction, List<String> itemIds, double @Nullable [] clicks) {
    requireNonNull(prediction, "prediction");
    requireNonNull(itemIds, "itemIds");
    if (!enabled) {
      return;
    }
    String id = prediction.id();
    String prefix = idPrefix;
    if (prefix == null) {
      prefix = id.substring(0, Math.max(0, id.indexOf('-')));
      idPrefix = prefix;
    }
    int k = Math.min(itemIds.size(), config.topK());
    long[] items = new long[k];
    for (int i = 0; i < k; i++) {
      items[i] = Hashes.of(requireNonNull(itemIds.get(i), "item id"));
    }
    long now = ticker.getAsLong();
    ArmSums arm = arm(prediction.version().version(), prediction.variant());
    ServedList list = new ServedList(Hashes.serial(id, prefix), arm, items, clicks != null);
    if (table.asMap().putIfAbsent(Hashes.of(id), list) != null) {
      drops[OutcomeDrop.SERVED_TWICE.ordinal()].increment();
      return;
    }
    arm.add(now, Sum.SEARCHES, 1);
    if (clicks != null) {
      double expected = 0;
      for (int i = 0; i < k; i++) {
        expected += clicks[i];
      }
      arm.add(now, Sum.CALIBRATED_SEARCHES, 1);
      arm.add(now, Sum.EXPECTED_CLICKS, expected);
    }
  }

  /** {@link #record(String, String, Outcome, double)} with value 0. */
  public void record(String predictionId, String itemId, Outcome outcome) {
    record(predictionId, itemId, outcome, 0);
  }

  /**
   * Credits {@code outcome} on {@code itemId} of the list served for {@code predictionId}; a
   * purchase's {@code value} is revenue (other outcomes' values are ignored). Outcomes that cannot
   * be credited are counted by {@link OutcomeDrop} and dropped.
   *
   * @throws IllegalArgumentException if {@code value} is negative or not finite
   */
  public void record(String predictionId, String itemId, Outcome outcome, double value) {
    requireNonNull(predictionId, "predictionId");
    requireNonNull(itemId, "itemId");
    requireNonNull(outcome, "outcome");
    if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("value must be >= 0 and finite, but was " + value);
    }
    if (!enabled) {
      return;
    }
    ServedList list = table.getIfPresent(Hashes.of(predictionId));
    OutcomeDrop dropped = list == null ? missing(predictionId)
        : list.record(Hashes.of(itemId), outcome, value, ticker.getAsLong(), OutcomeDrop.EXPIRED);
    if (dropped != null) {
      drops[dropped.ordinal()].increment();
    }
  }

  /** The figures of {@code version} and {@code variant} since the tracker started. */
  public QualityFigures totals(String version, Variant variant) {
    ArmSums[] byVariant = arms.get(requireNonNull(version, "version"));
    return byVariant == null ? QualityFigures.empty(version, variant)
        : QualityFigures.of(version, variant, byVariant[variant.ordinal()].totals());
  }

  /** The figures of {@code version} and {@code variant} over the sliding window. */
  public QualityFigures window(String version, Variant variant) {
    ArmSums[] byVariant = arms.get(requireNonNull(version, "version"));
    return byVariant == null ? QualityFigures.empty(version, variant)
        : QualityFigures.of(version, variant, byVariant[variant.ordinal()].window(ticker.getAsLong()));
  }

  /**
   * Tests {@code candidate} against {@code control} at {@code alpha} with this tracker's test
   * settings: {@link QualityVerdict#compare}.
   */
  public QualityVerdict compare(QualityFigures control, QualityFigures candidate,
      QualityMetric metric, double alpha) {
    return QualityVerdict.compare(control, candidate, metric, alpha, config);
  }

  /** Settles the lists whose attribution window has closed, then reports every figure. */
  public OutcomeReport report() {
    settleExpired();
    long now = ticker.getAsLong();
    List<QualityFigures> window = new ArrayList<>();
    List<QualityFigures> totals = new ArrayList<>();
    arms.forEach((version, byVariant) -> {
      for (Variant variant : Variant.values()) {
        ArmSums sums = byVariant[variant.ordinal()];
        double[] all = sums.totals();
        if (all[Sum.SEARCHES] > 0) {
          window.add(QualityFigures.of(version, variant, sums.window(now)));
          totals.add(QualityFigures.of(version, variant, all));
        }
      }
    });
    Map<OutcomeDrop, Long> dropped = new EnumMap<>(OutcomeDrop.class);
    for (OutcomeDrop reason : OutcomeDrop.values()) {
      dropped.put(reason, drops[reason.ordinal()].sum());
    }
    return new OutcomeReport(window, totals, dropped, table.estimatedSize());
  }

  /** The calls dropped for {@code reason} since the tracker started. */
  public long dropped(OutcomeDrop reason) {
    return drops[reason.ordinal()].sum();
  }

  /** The served lists held now, expired ones settled first. */
  public long servedListsHeld() {
    settleExpired();
    return table.estimatedSize();
  }

  /** The versions that have served lists, in no order: for exporting their sums. */
  public List<String> versions() {
    return List.copyOf(arms.keySet());
  }

  /** Caffeine expires at most a batch of entries per clean-up; repeat until none is left. */
  private void settleExpired() {
    long before;
    do {
      before = table.estimatedSize();
      table.cleanUp();
    } while (table.estimatedSize() < before);
  }

  private ArmSums arm(String version, Variant variant) {
    ArmSums[] byVariant = arms.get(version);
    if (byVariant == null) {
      byVariant = arms.computeIfAbsent(version, v -> {
        ArmSums[] made = new ArmSums[Variant.values().length];
        for (int i = 0; i < made.length; i++) {
          made[i] = new ArmSums(windowNanos, config.windowSlices());
        }
        return made;
      });
    }
    return byVariant[variant.ordinal()];
  }

  /**
   * Why no list is held for {@code id}: served lists expire and are pushed out in the order of
   * their ids' counters, so a counter of this process at or below the highest one that went tells
   * which way it went. Expired lists are settled first, so that the answer is current.
   */
  private OutcomeDrop missing(String id) {
    String prefix = idPrefix;
    long serial = prefix == null ? -1 : Hashes.serial(id, prefix);
    if (serial < 0) {
      return OutcomeDrop.UNKNOWN;
    }
    table.cleanUp();
    return serial <= expiredUpTo ? OutcomeDrop.EXPIRED
        : serial <= evictedUpTo ? OutcomeDrop.EVICTED : OutcomeDrop.UNKNOWN;
  }

  /** The table's eviction listener: credits a list that leaves and remembers its counter. */
  private void settle(@Nullable Long key, @Nullable ServedList list, RemovalCause cause) {
    if (list == null) {
      return;
    }
    list.settle(ticker.getAsLong());
    if (cause == RemovalCause.EXPIRED) {
      expiredUpTo = Math.max(expiredUpTo, list.serial);
    } else if (cause == RemovalCause.SIZE) {
      evictedUpTo = Math.max(evictedUpTo, list.serial);
    }
  }
}
