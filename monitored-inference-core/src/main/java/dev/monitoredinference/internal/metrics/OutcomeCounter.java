package dev.monitoredinference.internal.metrics;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputAdjustment;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.cache.EmbeddingUsage;
import dev.monitoredinference.circuit.FallbackAnswer;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Counts what admission, deadlines, the circuit breaker and validation did: calls refused as
 * overloaded, calls whose deadline passed before they could run ({@code deadline_exceeded}), calls
 * the open breaker refused ({@code circuit_open}, fallback answers included), rejected calls by
 * the rules they broke ({@code rejections}, once per rule per call), adjusted input elements
 * ({@code input.adjustments}) and, for embeddings, the tokens encoded ({@code input.tokens}, from
 * the prediction's {@link EmbeddingUsage}); a {@link FallbackAnswer} for {@code circuit_open}
 * counts as a refusal. Each failure names its own reasons ({@link
 * InferenceException#rejectionReasons()}), so the counter knows no feature; the built-in reasons
 * are registered at zero up front.
 */
final class OutcomeCounter implements InferenceInterceptor {
  private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
  private final Counter[] adjustments;
  private final Counter circuitOpen;
  private final MeterRegistry registry;
  private final Tags model;
  private final SafeMeters meters;
  private final @Nullable DistributionSummary inputTokens;

  OutcomeCounter(
      MeterRegistry registry, Tags model, SafeMeters meters, @Nullable DistributionSummary inputTokens) {
    this.registry = registry;
    this.model = model;
    this.meters = meters;
    this.inputTokens = inputTokens;
    // The built-in reasons exist at zero from the start, so ratios have a numerator at once.
    for (InputRule rule : InputRule.values()) {
      rejection(rule.tagValue());
    }
    for (ModelOverloadedException.Reason reason : ModelOverloadedException.Reason.values()) {
      rejection(reason.tagValue());
    }
    rejection(ErrorType.DEADLINE_EXCEEDED.tagValue());
    this.circuitOpen = rejection(ErrorType.CIRCUIT_OPEN.tagValue());
    this.adjustments = new Counter[InputRule.values().length];
    for (InputRule rule : EnumSet.of(InputRule.NAN, InputRule.LENGTH)) {
      adjustments[rule.ordinal()] =
          counter(registry, InferenceMeter.INPUT_ADJUSTMENTS, model, rule.tagValue());
    }
  }

  /**
   * The counter of {@code reason}; a reason only an application's own exception names is
   * registered on first use.
   */
  private Counter rejection(String reason) {
    return rejections.computeIfAbsent(
        reason, r -> counter(registry, InferenceMeter.REJECTIONS, model, r));
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
    } catch (InferenceException failure) {
      List<String> reasons = failure.rejectionReasons();
      for (int i = 0; i < reasons.size(); i++) {
        meters.increment(rejection(reasons.get(i)), 1);
      }
      throw failure;
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

}
