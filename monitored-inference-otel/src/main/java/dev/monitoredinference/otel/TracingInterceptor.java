package dev.monitoredinference.otel;

import dev.monitoredinference.ContextPropagating;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

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

  /**
   * The span name and the attributes that depend only on the model version, built once per
   * version rather than per call: with no SDK configured, a call then allocates nothing here.
   */
  private static final class SpanShape {
    final String modelName;
    final ModelVersion version;
    final String name;
    final Attributes attributes;

    SpanShape(String modelName, ModelVersion version) {
      this.modelName = modelName;
      this.version = version;
      this.name = "predict " + modelName;
      AttributesBuilder attributes = Attributes.builder()
          .put(SpanAttributes.MODEL_NAME, modelName)
          .put(SpanAttributes.MODEL_VERSION, version.version())
          .put(SpanAttributes.MODEL_DIGEST, version.shortDigest())
          .put(SpanAttributes.EXECUTION_PROVIDER, version.executionProvider().tagValue())
          .put(SpanAttributes.FALLBACK, version.fallback().isPresent());
      version.fallback().ifPresent(
          fallback -> attributes.put(SpanAttributes.FALLBACK_REASON, fallback.reason().tagValue()));
      this.attributes = attributes.build();
    }
  }

  private volatile @Nullable SpanShape lastShape;

  private SpanShape shape(Chain chain) {
    SpanShape shape = lastShape;
    if (shape == null || shape.version != chain.version() || !shape.modelName.equals(chain.modelName())) {
      shape = new SpanShape(chain.modelName(), chain.version());
      lastShape = shape;
    }
    return shape;
  }

  /** "features:range, input_ids:size": which inputs broke which rules, without values. */
  private static String violations(InvalidInputException invalid) {
    StringJoiner joined = new StringJoiner(", ");
    // An unknown input's name came from the caller, not the model: leave it out.
    invalid.violations().forEach(v -> joined.add(
        (v.rule() == InputRule.UNKNOWN ? "?" : v.input()) + ":" + v.rule().tagValue()));
    return joined.toString();
  }

  @Override
  public Prediction intercept(Chain chain) {
    SpanShape shape = shape(chain);
    SpanBuilder builder =
        tracer.spanBuilder(shape.name).setSpanKind(spanKind).setAllAttributes(shape.attributes);
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
