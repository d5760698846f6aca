package dev.monitoredinference.outcomes;

import static java.util.Objects.requireNonNull;

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
 * <p>Memory is bounded: served lists are held for the attribution window, at most {@link
 * OutcomeConfig#maxServedLists()} of them (the oldest leaves for the newest), with items as 64-bit
 * hashes and no object per list. Outcomes that
 * cannot be credited (unknown, expired, evicted, duplicate, not in the top k) are counted by
 * {@link OutcomeDrop} and dropped, never thrown. Ids and item ids are hashed on arrival and never
 * reach metrics, spans or logs.
 *
 * <p>Thread-safe. Cost: an outcome or a served list is a table look-up under one short lock and
 * an arm's; at the cap a served list also pushes out and settles the oldest (measured figures in
 * {@code docs/benchmarks.md}). Expired and pushed-out lists are settled on the calling thread.
 */
public final class OutcomeTracker {
  private static final OutcomeTracker DISABLED = new OutcomeTracker(OutcomeConfig.ofDefaults(), false);

  private final OutcomeConfig config;
  private final boolean enabled;
  private final LongSupplier ticker;
  private final ServedTable table;
  private final Map<String, ArmSums[]> arms = new ConcurrentHashMap<>();
  private final LongAdder[] drops = new LongAdder[OutcomeDrop.values().length];
  private final long windowNanos;

  private OutcomeTracker(OutcomeConfig config, boolean enabled) {
    this.config = config;
    this.enabled = enabled;
    this.ticker = config.ticker();
    this.windowNanos = config.window().toNanos();
    for (int i = 0; i < drops.length; i++) {
      drops[i] = new LongAdder();
    }
    this.table = new ServedTable(config);
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
    int k = Math.min(itemIds.size(), config.topK());
    for (int i = 0; i < k; i++) { // before the table is touched: a null must change nothing
      requireNonNull(itemIds.get(i), "item id");
    }
    long now = ticker.getAsLong();
    ArmSums arm = arm(prediction.version().version(), prediction.variant());
    if (!table.add(prediction.id(), itemIds, k, arm, clicks != null, now)) {
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
    OutcomeDrop dropped = table.record(predictionId, Hashes.of(itemId), outcome, value,
        ticker.getAsLong());
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
    long now = ticker.getAsLong();
    table.settleExpired(now);
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
    return new OutcomeReport(window, totals, dropped, table.held(now));
  }

  /** The calls dropped for {@code reason} since the tracker started. */
  public long dropped(OutcomeDrop reason) {
    return drops[reason.ordinal()].sum();
  }

  /** The served lists held now, expired ones settled first. */
  public long servedListsHeld() {
    return table.held(ticker.getAsLong());
  }

  /** The versions that have served lists, in no order: for exporting their sums. */
  public List<String> versions() {
    return List.copyOf(arms.keySet());
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
}
