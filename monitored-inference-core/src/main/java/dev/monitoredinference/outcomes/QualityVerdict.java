package dev.monitoredinference.outcomes;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Whether a candidate's share of successful searches ({@link QualityMetric}) is better or worse
 * than a control's, by a mixture sequential probability ratio test (mSPRT; Johari, Koomen,
 * Pekelis and Walsh, "Always valid inference", Operations Research 2022) on the difference of the
 * two shares, with a normal mixture of spread τ ({@link OutcomeConfig#mixtureSpread}) and the
 * difference's plug-in variance V = p̂c(1−p̂c)/nc + p̂k(1−p̂k)/nk:
 *
 * <pre>
 *   Λ = sqrt(V / (V + τ²)) · exp(τ² Δ̂² / (2 V (V + τ²))),   Δ̂ = p̂k − p̂c
 * </pre>
 *
 * <p>The verdict is {@link Result#WORSE} or {@link Result#BETTER} once Λ ≥ 1/α, by the sign of Δ̂,
 * else {@link Result#NOT_YET_KNOWN}. Its guarantee: the chance that it ever says either while the
 * shares are equal is at most α however often it is asked, so a guard may look after every search
 * (the p-value {@code min(1, 1/Λ)} is always valid). The guarantee rests on the normal
 * approximation, hence {@link OutcomeConfig#minSearches}; a verdict latches nothing: act on the
 * first one that decides.
 *
 * <p>Immutable.
 */
public final class QualityVerdict {
  /** What the test found. */
  public enum Result {
    /** The candidate's share is higher, at the verdict's α. */
    BETTER,
    /** The candidate's share is lower, at the verdict's α. */
    WORSE,
    /** Neither yet: too few searches, or no difference shown. */
    NOT_YET_KNOWN
  }

  private final Result result;
  private final QualityMetric metric;
  private final QualityFigures control;
  private final QualityFigures candidate;
  private final double pValue;
  private final double alpha;

  private QualityVerdict(Result result, QualityMetric metric, QualityFigures control,
      QualityFigures candidate, double pValue, double alpha) {
    this.result = result;
    this.metric = metric;
    this.control = control;
    this.candidate = candidate;
    this.pValue = pValue;
    this.alpha = alpha;
  }

  /**
   * Tests {@code candidate} against {@code control} on {@code metric} at {@code alpha}, with the
   * mixture spread and minimum searches of {@code config}.
   *
   * @throws IllegalArgumentException unless {@code 0 < alpha < 1}
   */
  public static QualityVerdict compare(QualityFigures control, QualityFigures candidate,
      QualityMetric metric, double alpha, OutcomeConfig config) {
    requireNonNull(control, "control");
    requireNonNull(candidate, "candidate");
    requireNonNull(metric, "metric");
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), but was " + alpha);
    }
    long nc = control.searches();
    long nk = candidate.searches();
    if (nc < config.minSearches() || nk < config.minSearches()) {
      return new QualityVerdict(Result.NOT_YET_KNOWN, metric, control, candidate, 1, alpha);
    }
    double pc = Math.min(1, (double) control.successes(metric) / nc);
    double pk = Math.min(1, (double) candidate.successes(metric) / nk);
    double variance = pc * (1 - pc) / nc + pk * (1 - pk) / nk;
    if (variance <= 0) {
      return new QualityVerdict(Result.NOT_YET_KNOWN, metric, control, candidate, 1, alpha);
    }
    double tau2 = config.mixtureSpread() * config.mixtureSpread();
    double difference = pk - pc;
    double logLambda = 0.5 * Math.log(variance / (variance + tau2))
        + tau2 * difference * difference / (2 * variance * (variance + tau2));
    double pValue = Math.min(1, Math.exp(-logLambda));
    Result result = pValue > alpha ? Result.NOT_YET_KNOWN
        : difference < 0 ? Result.WORSE : Result.BETTER;
    return new QualityVerdict(result, metric, control, candidate, pValue, alpha);
  }

  public Result result() {
    return result;
  }

  public QualityMetric metric() {
    return metric;
  }

  /** The control's figures the verdict is based on (its searches are the sample size). */
  public QualityFigures control() {
    return control;
  }

  /** The candidate's figures the verdict is based on. */
  public QualityFigures candidate() {
    return candidate;
  }

  /** The estimated difference of the shares, candidate minus control; NaN without searches. */
  public double difference() {
    return candidate.rate(metric) - control.rate(metric);
  }

  /** The always-valid p-value {@code min(1, 1/Λ)}; 1 before the minimum searches. */
  public double pValue() {
    return pValue;
  }

  /** The α the result was decided at. */
  public double alpha() {
    return alpha;
  }

  /** E.g. "ctr 0.2712 vs 0.3004 (-0.0292) over 9000/9000 searches, p 0.0031: worse". */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %.4f vs %.4f (%+.4f) over %d/%d searches, p %.4g: %s",
        metric.tagValue(), candidate.rate(metric), control.rate(metric), difference(),
        candidate.searches(), control.searches(), pValue,
        result.name().toLowerCase(Locale.ROOT).replace('_', ' '));
  }
}
