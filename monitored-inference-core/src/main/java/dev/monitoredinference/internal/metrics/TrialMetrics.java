package dev.monitoredinference.internal.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.versioning.Divergence;
import dev.monitoredinference.internal.versioning.TrialObserver;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code monitored.inference.shadow.*} meters of one (baseline, candidate) pair, all
 * registered up front: divergence summaries per method, outcome counters, both versions' times on
 * the compared calls, and the dropped-copy count. They keep their history after the trial ends.
 */
public final class TrialMetrics implements TrialObserver {
  /** The {@code method} tag values. */
  public static final String MEAN_ABS_DIFF = "mean_abs_diff";
  public static final String RANK_AGREEMENT = "rank_agreement";
  public static final String COSINE = "cosine";

  private final SafeMeters meters;
  private final Counter[] outcomes = new Counter[Outcome.values().length];
  private final DistributionSummary meanAbsDiff;
  private final DistributionSummary rankAgreement;
  private final DistributionSummary cosine;
  private final Timer baselineTime;
  private final Timer candidateTime;
  private final Counter dropped;

  private TrialMetrics(MeterRegistry registry, Tags pair) {
    this.meters = new SafeMeters();
    for (Outcome outcome : Outcome.values()) {
      outcomes[outcome.ordinal()] = Counter.builder(InferenceMeter.SHADOW_CALLS.meterName())
          .description(InferenceMeter.SHADOW_CALLS.description())
          .tags(pair.and(InferenceTags.OUTCOME, outcome.tagValue()))
          .register(registry);
    }
    this.meanAbsDiff = divergence(registry, pair, MEAN_ABS_DIFF);
    this.rankAgreement = divergence(registry, pair, RANK_AGREEMENT);
    this.cosine = divergence(registry, pair, COSINE);
    this.baselineTime = time(registry, pair, "baseline");
    this.candidateTime = time(registry, pair, "candidate");
    this.dropped = Counter.builder(InferenceMeter.SHADOW_DROPPED.meterName())
        .description(InferenceMeter.SHADOW_DROPPED.description())
        .tags(pair)
        .register(registry);
  }

  /**
   * Registers the meters of a trial of {@code candidate} against {@code baseline} of model {@code
   * modelName}; registering the same pair again returns meters over the same series.
   */
  public static TrialMetrics register(MeterRegistry registry, String modelName,
      ModelVersion baseline, ModelVersion candidate) {
    return new TrialMetrics(requireNonNull(registry, "registry"), Tags.of(
        InferenceTags.MODEL, requireNonNull(modelName, "modelName"),
        InferenceTags.MODEL_VERSION, requireNonNull(baseline, "baseline").version(),
        InferenceTags.CANDIDATE_VERSION, requireNonNull(candidate, "candidate").version()));
  }

  @Override
  public void outcome(Outcome outcome) {
    meters.increment(outcomes[outcome.ordinal()], 1);
  }

  @Override
  public void compared(long baselineNanos, long candidateNanos, Divergence divergence) {
    meters.record(baselineTime, baselineNanos);
    meters.record(candidateTime, candidateNanos);
    recordUnlessNaN(meanAbsDiff, divergence.meanAbsDiff());
    recordUnlessNaN(rankAgreement, divergence.rankAgreement());
    recordUnlessNaN(cosine, divergence.cosine());
  }

  @Override
  public void dropped() {
    meters.increment(dropped, 1);
  }

  private void recordUnlessNaN(DistributionSummary summary, double value) {
    if (!Double.isNaN(value)) {
      meters.record(summary, value);
    }
  }

  private static DistributionSummary divergence(MeterRegistry registry, Tags pair, String method) {
    return DistributionSummary.builder(InferenceMeter.SHADOW_DIVERGENCE.meterName())
        .description(InferenceMeter.SHADOW_DIVERGENCE.description())
        .tags(pair.and(InferenceTags.METHOD, method))
        .register(registry);
  }

  private static Timer time(MeterRegistry registry, Tags pair, String role) {
    return Timer.builder(InferenceMeter.SHADOW_DURATION.meterName())
        .description(InferenceMeter.SHADOW_DURATION.description())
        .tags(pair.and(InferenceTags.ROLE, role))
        .register(registry);
  }
}
