package dev.monitoredinference.otel;

import dev.monitoredinference.ContextPropagating;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.StringJoiner;

/**
 * One span per call, parented on the current context; carries that context to {@code
 * predictAsync}'s executor.
 */
final class TracingInterceptor implements InferenceInterceptor, ContextPropagating {
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

  private final Tracer tracer;
  private final SpanKind spanKind;

  TracingInterceptor(Tracer tracer, SpanKind spanKind) {
    this.tracer = tracer;
    this.spanKind = spanKind;
  }

  @Override
  public Runnable wrap(Runnable task) {
    return Context.current().wrap(task);
  }

  /** "features:range, input_ids:size": which inputs broke which rules, without values. */
  private static String violations(InvalidInputException invalid) {
    StringJoiner joined = new StringJoiner(", ");
    invalid.violations().forEach(v -> joined.add(v.input() + ":" + v.rule().tagValue()));
    return joined.toString();
  }

  @Override
  public Prediction intercept(Chain chain) {
    ModelVersion version = chain.version();
    SpanBuilder builder =
        tracer
            .spanBuilder("predict " + chain.modelName())
            .setSpanKind(spanKind)
            .setAttribute(SpanAttributes.MODEL_NAME, chain.modelName())
            .setAttribute(SpanAttributes.MODEL_VERSION, version.version())
            .setAttribute(SpanAttributes.MODEL_DIGEST, version.shortDigest())
            .setAttribute(SpanAttributes.EXECUTION_PROVIDER, version.executionProvider().tagValue())
            .setAttribute(SpanAttributes.FALLBACK, version.fallback().isPresent());
    version.fallback().ifPresent(
        fallback -> builder.setAttribute(SpanAttributes.FALLBACK_REASON, fallback.reason().tagValue()));
    Inputs inputs = chain.inputs();
    if (inputs.tensor(0).rank() > 0) {
      builder.setAttribute(SpanAttributes.BATCH_SIZE, inputs.tensor(0).dimension(0));
    }
    Span span = builder.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Prediction prediction = chain.proceed(inputs);
      span.setAttribute(SpanAttributes.VALIDATION_RESULT,
          prediction.adjustments().isEmpty() ? "passed" : "adjusted");
      return prediction;
    } catch (Throwable failure) {
      span.setAttribute(SpanAttributes.ERROR_TYPE, ErrorType.of(failure).tagValue());
      if (failure instanceof InvalidInputException) {
        span.setAttribute(SpanAttributes.VALIDATION_RESULT, "rejected");
        // Its message may quote an offending input value; spans carry input names and rules only.
        String broken = violations((InvalidInputException) failure);
        span.setStatus(StatusCode.ERROR, "invalid input: " + broken);
        span.addEvent("exception", Attributes.of(
            EXCEPTION_TYPE, failure.getClass().getName(), SpanAttributes.VIOLATIONS, broken));
      } else {
        String message = failure.getMessage();
        span.setStatus(StatusCode.ERROR, message == null ? failure.getClass().getName() : message);
        span.recordException(failure);
      }
      throw failure;
    } finally {
      span.end();
    }
  }
}
