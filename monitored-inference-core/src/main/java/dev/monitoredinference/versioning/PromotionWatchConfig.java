package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.QualityMetric;
import dev.monitoredinference.outcomes.QualityVerdict;
import java.time.Duration;

/**
 * Watches a version for a while after {@link ModelDeployer#promote} and rolls it back on its own
 * when it does worse than the version it replaced. Every {@code checkEvery} calls during the
 * {@code period}, the promoted version's searches since the promotion are tested against the
 * previous version's sliding window at the promotion ({@link QualityVerdict}, a fixed sample); a
 * {@link QualityVerdict.Result#WORSE} at {@code confidence} — or, with {@link
 * #rollBackOnAnomaly}, any anomalous signal of the model's anomaly detector — rolls back exactly
 * as {@link ModelDeployer#rollback} does, audited under principal {@value #PRINCIPAL} with the
 * reason, which {@code health()} reports until the next successful admin operation. The period
 * is measured by the {@link OutcomeConfig#ticker()}. A rollback, another promotion or a canary or
 * shadow started meanwhile ends the watch; so does the end of the period, audited as {@code
 * promotion_watch}.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .outcomes(OutcomeConfig.ofDefaults())
 *     .promotionWatch(PromotionWatchConfig.ofDefaults().period(Duration.ofHours(2)))
 *     ...
 * }</pre>
 *
 * <p>Needs a model built with {@code outcomes(...)} and {@code admin(...)}. Immutable; each setter
 * checks its argument at once and returns a new config.
 */
public final class PromotionWatchConfig {
  /** The principal the watch's rollbacks are audited under. */
  public static final String PRINCIPAL = "promotion-watch";

  private final Duration period;
  private final QualityMetric metric;
  private final double confidence;
  private final int checkEvery;
  private final boolean rollBackOnAnomaly;

  private PromotionWatchConfig(Duration period, QualityMetric metric, double confidence,
      int checkEvery, boolean rollBackOnAnomaly) {
    this.period = period;
    this.metric = metric;
    this.confidence = confidence;
    this.checkEvery = checkEvery;
    this.rollBackOnAnomaly = rollBackOnAnomaly;
  }

  /** One hour; CTR worse at 95 % confidence; a check every 200 calls; anomalies do not count. */
  public static PromotionWatchConfig ofDefaults() {
    return new PromotionWatchConfig(Duration.ofHours(1), QualityMetric.CTR, 0.95, 200, false);
  }

  /**
   * How long after a promotion the watch runs.
   *
   * @throws IllegalArgumentException if {@code period} is not positive
   */
  public PromotionWatchConfig period(Duration period) {
    requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be > 0, but was " + period);
    }
    return new PromotionWatchConfig(period, metric, confidence, checkEvery, rollBackOnAnomaly);
  }

  /**
   * Rolls back when {@code metric} is worse at {@code confidence} (α = 1 − confidence).
   *
   * @throws IllegalArgumentException unless {@code 0 < confidence < 1}
   */
  public PromotionWatchConfig quality(QualityMetric metric, double confidence) {
    requireNonNull(metric, "metric");
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), but was " + confidence);
    }
    return new PromotionWatchConfig(period, metric, confidence, checkEvery, rollBackOnAnomaly);
  }

  /**
   * How many calls of the promoted version pass between checks.
   *
   * @throws IllegalArgumentException if {@code calls <= 0}
   */
  public PromotionWatchConfig checkEvery(int calls) {
    if (calls <= 0) {
      throw new IllegalArgumentException("checkEvery must be > 0, but was " + calls);
    }
    return new PromotionWatchConfig(period, metric, confidence, calls, rollBackOnAnomaly);
  }

  /** Whether an anomalous signal of the model's anomaly detector also rolls back. */
  public PromotionWatchConfig rollBackOnAnomaly(boolean rollBack) {
    return new PromotionWatchConfig(period, metric, confidence, checkEvery, rollBack);
  }

  public Duration period() {
    return period;
  }

  public QualityMetric metric() {
    return metric;
  }

  public double confidence() {
    return confidence;
  }

  public int checkEvery() {
    return checkEvery;
  }

  public boolean rollBackOnAnomaly() {
    return rollBackOnAnomaly;
  }

  @Override
  public String toString() {
    return "PromotionWatchConfig[period=" + period + ", quality=" + metric.tagValue() + " at "
        + confidence + ", checkEvery=" + checkEvery + ", rollBackOnAnomaly=" + rollBackOnAnomaly
        + "]";
  }
}
