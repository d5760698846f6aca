package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.Variant;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.outcomes.QualityFigures;
import dev.monitoredinference.outcomes.QualityMetric;
import dev.monitoredinference.outcomes.QualityVerdict;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A candidate's outcome figures against a control's, judged by the {@link QualityVerdict}'s
 * sequential test: for the rollback guard (a canary against the serving version, both since the
 * canary started) and the promotion watch (the promoted version since its promotion against the
 * previous version's sliding window at that moment, a fixed sample). Thread-safe.
 */
final class QualityCheck {
  private final OutcomeTracker tracker;
  private final QualityMetric metric;
  private final double confidence;
  private final Supplier<QualityFigures> control;
  private final Supplier<QualityFigures> candidate;

  private QualityCheck(OutcomeTracker tracker, QualityMetric metric, double confidence,
      Supplier<QualityFigures> control, Supplier<QualityFigures> candidate) {
    this.tracker = tracker;
    this.metric = metric;
    this.confidence = confidence;
    this.control = control;
    this.candidate = candidate;
  }

  /** A canary of {@code candidate} against {@code baseline}, counted from now. */
  static QualityCheck ofCanary(OutcomeTracker tracker, QualityMetric metric, double confidence,
      String baseline, String candidate) {
    QualityFigures controlStart = tracker.totals(baseline, Variant.CONTROL);
    QualityFigures candidateStart = tracker.totals(candidate, Variant.CANARY);
    return new QualityCheck(tracker, metric, confidence,
        () -> tracker.totals(baseline, Variant.CONTROL).minus(controlStart),
        () -> tracker.totals(candidate, Variant.CANARY).minus(candidateStart));
  }

  /**
   * {@code promoted}, counted from now, against {@code previous}'s sliding window now: its own
   * pre-promotion figures, which no longer change.
   */
  static QualityCheck ofPromotion(OutcomeTracker tracker, QualityMetric metric, double confidence,
      String previous, String promoted) {
    QualityFigures before = tracker.window(previous, Variant.CONTROL);
    QualityFigures promotedStart = tracker.totals(promoted, Variant.CONTROL);
    return new QualityCheck(tracker, metric, confidence, () -> before,
        () -> tracker.totals(promoted, Variant.CONTROL).minus(promotedStart));
  }

  /** Why the candidate is worse, e.g. "ctr worse at 95 % confidence: …"; null if not shown. */
  @Nullable String worse() {
    QualityVerdict verdict = tracker.compare(control.get(), candidate.get(), metric, 1 - confidence);
    if (verdict.result() != QualityVerdict.Result.WORSE) {
      return null;
    }
    return String.format(Locale.ROOT, "%s worse at %s %% confidence: %s", metric.tagValue(),
        Trial.percent(confidence), verdict);
  }
}
