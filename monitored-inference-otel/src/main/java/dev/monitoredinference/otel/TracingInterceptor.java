package dev.monitoredinference.otel;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/** One INTERNAL span per call, parented on the current context. */
final class TracingInterceptor implements InferenceInterceptor {
  private final Tracer tracer;

  TracingInterceptor(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public Prediction intercept(Chain chain) {
    ModelVersion version = chain.version();
    SpanBuilder builder =
        tracer
            .spanBuilder("predict " + chain.modelName())
            .setSpanKind(SpanKind.INTERNAL)
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
      return chain.proceed(inputs);
    } catch (Throwable failure) {
      String message = failure.getMessage();
      span.setStatus(StatusCode.ERROR, message == null ? failure.getClass().getName() : message);
      span.setAttribute(SpanAttributes.ERROR_TYPE, ErrorType.of(failure).tagValue());
      span.recordException(failure);
      throw failure;
    } finally {
      span.end();
    }
  }
}
