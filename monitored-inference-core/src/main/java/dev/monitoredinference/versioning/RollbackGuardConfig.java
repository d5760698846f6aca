package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.outcomes.QualityMetric;
import dev.monitoredinference.outcomes.QualityVerdict;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a running canary or shadow trial is ended automatically: over each window of {@code
 * minCalls} candidate calls, an error ratio above {@code maxErrorRatio}, a candidate p99 latency
 * above {@code maxLatencyRatio} times the baseline's, or a mean output divergence above {@code
 * maxDivergence} ends the trial, retires the candidate and records why in the audit log (principal
 * {@value #PRINCIPAL}) and in the model's health.
 *
 * <p>Errors are the candidate's own failures ({@code runtime_error}, {@code invalid_output}), not
 * invalid inputs or overload. Divergence is the mean absolute difference of score outputs, or 1 −
 * cosine similarity of embeddings, over the calls compared in the window (see {@link
 * ComparisonConfig}); a window without comparisons is judged on errors and latency only. Latency
 * compares the candidate's calls in the window with the baseline's latest as many calls.
 *
 * <p>With {@link #quality}, a canary is also ended at the end of any window where the {@link
 * QualityVerdict} of its searches against the serving version's, both counted since the canary
 * started, is {@link QualityVerdict.Result#WORSE} at the configured confidence. The test is
 * always valid, so looking at every window keeps its error rate. Off by default; needs a model
 * built with {@code outcomes(...)} whose application reports to its {@link OutcomeTracker}.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .rollbackGuard(RollbackGuardConfig.ofDefaults().minCalls(500).maxErrorRatio(0.01))
 *     ...
 * }</pre>
 *
 * <p>Immutable; each setter checks its argument at once and returns a new config.
 */
public final class RollbackGuardConfig {
  /** The principal the guard's rollbacks are audited under. */
  public static final String PRINCIPAL = "rollback-guard";

  private final int minCalls;
  private final double maxErrorRatio;
  private final double maxLatencyRatio;
  private final double maxDivergence;
  private final @Nullable QualityMetric qualityMetric;
  private final double qualityConfidence;

  private RollbackGuardConfig(int minCalls, double maxErrorRatio, double maxLatencyRatio,
      double maxDivergence) {
    this(minCalls, maxErrorRatio, maxLatencyRatio, maxDivergence, null, 0);
  }

  private RollbackGuardConfig(int minCalls, double maxErrorRatio, double maxLatencyRatio,
      double maxDivergence, @Nullable QualityMetric qualityMetric, double qualityConfidence) {
    this.minCalls = minCalls;
    this.maxErrorRatio = maxErrorRatio;
    this.maxLatencyRatio = maxLatencyRatio;
    this.maxDivergence = maxDivergence;
    this.qualityMetric = qualityMetric;
    this.qualityConfidence = qualityConfidence;
  }

  /**
   * Windows of 200 calls; at most 5 % errors, 2× the baseline's p99, divergence 0.1; no quality
   * criterion.
   */
  public static RollbackGuardConfig ofDefaults() {
    return new RollbackGuardConfig(200, 0.05, 2.0, 0.1);
  }

  /**
   * Also ends a canary whose {@code metric} is worse than the serving version's at {@code
   * confidence} (the test's α is {@code 1 - confidence}), see above.
   *
   * <pre>{@code
   * RollbackGuardConfig.ofDefaults().quality(QualityMetric.CTR, 0.95)
   * }</pre>
   *
   * @throws IllegalArgumentException unless {@code 0 < confidence < 1}
   */
  public RollbackGuardConfig quality(QualityMetric metric, double confidence) {
    requireNonNull(metric, "metric");
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), but was " + confidence);
    }
    return new RollbackGuardConfig(minCalls, maxErrorRatio, maxLatencyRatio, maxDivergence, metric,
        confidence);
  }

  /** The metric of the quality criterion; empty without one. */
  public Optional<QualityMetric> qualityMetric() {
    return Optional.ofNullable(qualityMetric);
  }

  /** The confidence the quality criterion acts at; 0 without one. */
  public double qualityConfidence() {
    return qualityConfidence;
  }

  /**
   * The candidate calls each verdict is based on.
   *
   * @throws IllegalArgumentException if {@code calls <= 0}
   */
  public RollbackGuardConfig minCalls(int calls) {
    if (calls <= 0) {
      throw new IllegalArgumentException("minCalls must be > 0, but was " + calls);
    }
    return new RollbackGuardConfig(calls, maxErrorRatio, maxLatencyRatio, maxDivergence,
        qualityMetric, qualityConfidence);
  }

  /**
   * The highest tolerated share of failed candidate calls.
   *
   * @throws IllegalArgumentException unless {@code 0 <= ratio < 1}
   */
  public RollbackGuardConfig maxErrorRatio(double ratio) {
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("maxErrorRatio must be in [0, 1), but was " + ratio);
    }
    return new RollbackGuardConfig(minCalls, ratio, maxLatencyRatio, maxDivergence, qualityMetric,
        qualityConfidence);
  }

  /**
   * The highest tolerated candidate p99 latency, as a multiple of the baseline's.
   *
   * @throws IllegalArgumentException unless {@code ratio >= 1} and finite
   */
  public RollbackGuardConfig maxLatencyRatio(double ratio) {
    if (!(ratio >= 1 && ratio < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("maxLatencyRatio must be >= 1 and finite, but was " + ratio);
    }
    return new RollbackGuardConfig(minCalls, maxErrorRatio, ratio, maxDivergence, qualityMetric,
        qualityConfidence);
  }

  /**
   * The highest tolerated mean divergence (mean absolute score difference, or 1 − cosine).
   *
   * @throws IllegalArgumentException unless {@code divergence >= 0} and finite
   */
  public RollbackGuardConfig maxDivergence(double divergence) {
    if (!(divergence >= 0 && divergence < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "maxDivergence must be >= 0 and finite, but was " + divergence);
    }
    return new RollbackGuardConfig(minCalls, maxErrorRatio, maxLatencyRatio, divergence,
        qualityMetric, qualityConfidence);
  }

  /** The candidate calls per verdict. */
  public int minCalls() {
    return minCalls;
  }

  /** The highest tolerated error ratio. */
  public double maxErrorRatio() {
    return maxErrorRatio;
  }

  /** The highest tolerated p99 latency ratio, candidate over baseline. */
  public double maxLatencyRatio() {
    return maxLatencyRatio;
  }

  /** The highest tolerated mean divergence. */
  public double maxDivergence() {
    return maxDivergence;
  }

  @Override
  public String toString() {
    return "RollbackGuardConfig[minCalls=" + minCalls + ", maxErrorRatio=" + maxErrorRatio
        + ", maxLatencyRatio=" + maxLatencyRatio + ", maxDivergence=" + maxDivergence
        + (qualityMetric == null ? "" : ", quality=" + qualityMetric.tagValue() + " at "
            + qualityConfidence) + "]";
  }
}
