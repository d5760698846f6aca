package dev.monitoredinference.internal.metrics;

import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputAdjustment;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.cache.EmbeddingUsage;
import dev.monitoredinference.circuit.CircuitOpenException;
import dev.monitoredinference.circuit.FallbackAnswer;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Counts what admission, deadlines, the circuit breaker and validation did: calls refused as
 * overloaded, calls whose deadline passed before they could run ({@code deadline_exceeded}), calls
 * the open breaker refused ({@code circuit_open}, fallback answers included), rejected calls by
 * the rules they broke ({@code rejections}, once per rule per call), adjusted input elements
 * ({@code input.adjustments}) and, for embeddings, the tokens encoded ({@code input.tokens}, from
 * the prediction's {@link EmbeddingUsage}); a {@link FallbackAnswer} for {@code circuit_open}
 * counts as a refusal. Every reason is registered at zero up front; the call path indexes an array.
 */
final class OutcomeCounter implements InferenceInterceptor {
  private final Counter[] rejections;
  private final Counter[] overloads;
  private final Counter[] adjustments;
  private final Counter expiredBeforeRun;
  private final Counter circuitOpen;
  private final SafeMeters meters;
  private final @Nullable DistributionSummary inputTokens;

  OutcomeCounter(
      MeterRegistry registry, Tags model, SafeMeters meters, @Nullable DistributionSummary inputTokens) {
    this.meters = meters;
    this.inputTokens = inputTokens;
    InputRule[] rules = InputRule.values();
    this.rejections = new Counter[rules.length];
    this.adjustments = new Counter[rules.length];
    for (InputRule rule : rules) {
      rejections[rule.ordinal()] = counter(registry, InferenceMeter.REJECTIONS, model, rule.tagValue());
    }
    ModelOverloadedException.Reason[] reasons = ModelOverloadedException.Reason.values();
    this.overloads = new Counter[reasons.length];
    for (ModelOverloadedException.Reason reason : reasons) {
      overloads[reason.ordinal()] =
          counter(registry, InferenceMeter.REJECTIONS, model, reason.tagValue());
    }
    this.expiredBeforeRun =
        counter(registry, InferenceMeter.REJECTIONS, model, ErrorType.DEADLINE_EXCEEDED.tagValue());
    this.circuitOpen =
        counter(registry, InferenceMeter.REJECTIONS, model, ErrorType.CIRCUIT_OPEN.tagValue());
    for (InputRule rule : EnumSet.of(InputRule.NAN, InputRule.LENGTH)) {
      adjustments[rule.ordinal()] =
          counter(registry, InferenceMeter.INPUT_ADJUSTMENTS, model, rule.tagValue());
    }
  }

  private static Counter counter(MeterRegistry registry, InferenceMeter meter, Tags model, String reason) {
    return Counter.builder(meter.meterName())
        .description(meter.description())
        .tags(model.and(InferenceTags.REASON, reason))
        .register(registry);
  }

  @Override
  public Prediction intercept(Chain chain) {
    Prediction prediction;
    try {
      prediction = chain.proceed(chain.inputs());
    } catch (InvalidInputException rejected) {
      countRejection(rejected.violations());
      throw rejected;
    } catch (ModelOverloadedException refused) {
      meters.increment(overloads[refused.reason().ordinal()], 1);
      throw refused;
    } catch (DeadlineExceededException late) {
      if (!late.started()) {
        meters.increment(expiredBeforeRun, 1);
      }
      throw late;
    } catch (CircuitOpenException refused) {
      meters.increment(circuitOpen, 1);
      throw refused;
    }
    FallbackAnswer fallback = prediction.attribute(FallbackAnswer.class).orElse(null);
    if (fallback != null && fallback.answeredFor() == ErrorType.CIRCUIT_OPEN) {
      meters.increment(circuitOpen, 1); // refused, then answered by the fallback
    }
    if (inputTokens != null) {
      EmbeddingUsage usage = prediction.attribute(EmbeddingUsage.class).orElse(null);
      if (usage != null && usage.inputTokens() > 0) {
        meters.record(inputTokens, usage.inputTokens());
      }
    }
    List<InputAdjustment> adjusted = prediction.adjustments();
    for (int i = 0; i < adjusted.size(); i++) {
      Counter counter = adjustments[adjusted.get(i).rule().ordinal()];
      if (counter != null) {
        meters.increment(counter, adjusted.get(i).count());
      }
    }
    return prediction;
  }

  private void countRejection(List<InputViolation> violations) {
    EnumSet<InputRule> broken = EnumSet.noneOf(InputRule.class);
    violations.forEach(violation -> broken.add(violation.rule()));
    broken.forEach(rule -> meters.increment(rejections[rule.ordinal()], 1));
  }
}
