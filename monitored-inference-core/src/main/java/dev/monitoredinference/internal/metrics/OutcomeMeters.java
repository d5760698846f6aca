package dev.monitoredinference.internal.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.Variant;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import dev.monitoredinference.outcomes.OutcomeDrop;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.outcomes.QualityFigures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * An outcome tracker's meters. Its sums per version and variant are function counters read from
 * {@link OutcomeTracker#totals} at each scrape, so that replicas add up in Prometheus ({@code
 * sum(rate(engaged_searches)) / sum(rate(searches))} is the fleet's CTR@k); NDCG and MRR are
 * counted when searches settle, which keeps every counter monotonic. Nothing an application
 * passes (ids, item ids) is a tag. Version meters go when the version retires ({@link #close()}).
 */
public final class OutcomeMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  private OutcomeMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The model's drop counters and the gauge of lists held; removed by {@link #close()}. */
  public static OutcomeMeters forModel(MeterRegistry registry, String model, OutcomeTracker tracker) {
    OutcomeMeters made = new OutcomeMeters(requireNonNull(registry, "registry"));
    Tags tags = Tags.of(InferenceTags.MODEL, model);
    for (OutcomeDrop reason : OutcomeDrop.values()) {
      made.meters.add(FunctionCounter.builder(InferenceMeter.OUTCOME_DROPPED.meterName(), tracker,
              t -> t.dropped(reason))
          .description(InferenceMeter.OUTCOME_DROPPED.description())
          .tags(tags.and(InferenceTags.REASON, reason.tagValue()))
          .register(registry));
    }
    made.meters.add(Gauge.builder(InferenceMeter.OUTCOME_SERVED_LISTS.meterName(), tracker,
            OutcomeTracker::servedListsHeld)
        .description(InferenceMeter.OUTCOME_SERVED_LISTS.description())
        .tags(tags)
        .strongReference(true)
        .register(registry));
    return made;
  }

  /** The sums of {@code version} of {@code model}, per variant; removed by {@link #close()}. */
  public static OutcomeMeters forVersion(MeterRegistry registry, String model, String version,
      OutcomeTracker tracker) {
    OutcomeMeters made = new OutcomeMeters(requireNonNull(registry, "registry"));
    for (Variant variant : Variant.values()) {
      Tags tags = Tags.of(InferenceTags.MODEL, model, InferenceTags.MODEL_VERSION, version,
          InferenceTags.VARIANT, variant.tagValue());
      made.sum(InferenceMeter.OUTCOME_SEARCHES, tags, tracker, version, variant, f -> f.searches());
      made.sum(InferenceMeter.OUTCOME_ENGAGED_SEARCHES, tags, tracker, version, variant,
          f -> f.engagedSearches());
      made.sum(InferenceMeter.OUTCOME_CONVERSIONS, tags, tracker, version, variant,
          f -> f.conversions());
      made.sum(InferenceMeter.OUTCOME_REVENUE, tags, tracker, version, variant,
          QualityFigures::revenue);
      made.sum(InferenceMeter.OUTCOME_SETTLED_SEARCHES, tags, tracker, version, variant,
          f -> f.settledSearches());
      made.sum(InferenceMeter.OUTCOME_SETTLED_ENGAGED_SEARCHES, tags, tracker, version, variant,
          f -> f.settledEngagedSearches());
      made.sum(InferenceMeter.OUTCOME_RECIPROCAL_RANK, tags, tracker, version, variant,
          QualityFigures::reciprocalRankSum);
      made.sum(InferenceMeter.OUTCOME_NDCG, tags, tracker, version, variant,
          QualityFigures::ndcgSum);
      made.sum(InferenceMeter.OUTCOME_CALIBRATED_SEARCHES, tags, tracker, version, variant,
          f -> f.calibratedSearches());
      made.sum(InferenceMeter.OUTCOME_EXPECTED_CLICKS, tags, tracker, version, variant,
          QualityFigures::expectedClicks);
      made.sum(InferenceMeter.OUTCOME_OBSERVED_CLICKS, tags, tracker, version, variant,
          f -> f.observedClicks());
    }
    return made;
  }

  private void sum(InferenceMeter meter, Tags tags, OutcomeTracker tracker, String version,
      Variant variant, ToDoubleFunction<QualityFigures> sum) {
    meters.add(FunctionCounter.builder(meter.meterName(), tracker,
            t -> sum.applyAsDouble(t.totals(version, variant)))
        .description(meter.description())
        .tags(tags)
        .register(registry));
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
