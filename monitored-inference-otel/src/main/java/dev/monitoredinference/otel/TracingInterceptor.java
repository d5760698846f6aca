package dev.monitoredinference.otel;

import dev.monitoredinference.BatchTracing;
import dev.monitoredinference.ContextPropagating;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.cache.EmbeddingUsage;
import dev.monitoredinference.embedding.EmbeddingRequest;
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
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One span per call, {@code <operation> <model>}, parented on the current context; carries that
 * context to {@code predictAsync}'s executor, and traces micro-batched runs as one span linked to
 * each call's span.
 */
final class TracingInterceptor implements InferenceInterceptor, ContextPropagating, BatchTracing {
  private static final String EMBEDDINGS = "embeddings";
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

  private final Tracer tracer;
  private final SpanKind spanKind;
  private final boolean genAi;

  TracingInterceptor(Tracer tracer, SpanKind spanKind, boolean genAi) {
    this.tracer = tracer;
    this.spanKind = spanKind;
    this.genAi = genAi;
  }

  @Override
  public Runnable wrap(Runnable task) {
    return Context.current().wrap(task);
  }

  @Override
  public Object currentContext() {
    return Context.current();
  }

  @Override
  public <R> R traceBatch(String modelName, List<Object> contexts, Supplier<R> run) {
    SpanBuilder builder = tracer.spanBuilder("batch " + modelName)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(SpanAttributes.MODEL_NAME, modelName)
        .setAttribute(SpanAttributes.BATCH_SIZE, (long) contexts.size());
    for (Object context : contexts) {
      builder.addLink(Span.fromContext((Context) context).getSpanContext());
    }
    Span span = builder.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return run.get();
    } catch (Throwable failure) {
      span.setAttribute(SpanAttributes.ERROR_TYPE, ErrorType.of(failure).tagValue());
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
      span.recordException(failure);
      throw failure;
    } finally {
      span.end();
    }
  }

  /**
   * The span name and the attributes that depend only on the model version, built once per
   * version rather than per call: with no SDK configured, a call then allocates nothing here.
   */
  private static final class SpanShape {
    final String modelName;
    final String operation;
    final ModelVersion version;
    final String name;
    final Attributes attributes;

    SpanShape(String modelName, String operation, ModelVersion version, boolean genAi) {
      this.modelName = modelName;
      this.operation = operation;
      this.version = version;
      this.name = operation + " " + modelName;
      AttributesBuilder attributes = Attributes.builder()
          .put(SpanAttributes.MODEL_NAME, modelName)
          .put(SpanAttributes.MODEL_VERSION, version.version())
          .put(SpanAttributes.MODEL_DIGEST, version.shortDigest())
          .put(SpanAttributes.EXECUTION_PROVIDER, version.executionProvider().tagValue())
          .put(SpanAttributes.FALLBACK, version.fallback().isPresent());
      version.fallback().ifPresent(
          fallback -> attributes.put(SpanAttributes.FALLBACK_REASON, fallback.reason().tagValue()));
      if (genAi && operation.equals(EMBEDDINGS)) {
        attributes.put(SpanAttributes.GEN_AI_OPERATION_NAME, EMBEDDINGS)
            .put(SpanAttributes.GEN_AI_REQUEST_MODEL, modelName);
      }
      this.attributes = attributes.build();
    }
  }

  private volatile @Nullable SpanShape lastShape;

  private SpanShape shape(Chain chain) {
    SpanShape shape = lastShape;
    if (shape == null || shape.version != chain.version() || !shape.modelName.equals(chain.modelName())
        || !shape.operation.equals(chain.operation())) {
      shape = new SpanShape(chain.modelName(), chain.operation(), chain.version(), genAi);
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
    if (inputs.size() > 0) {
      if (inputs.tensor(0).rank() > 0) {
        builder.setAttribute(SpanAttributes.BATCH_SIZE, inputs.tensor(0).dimension(0));
      }
    } else {
      EmbeddingRequest texts = inputs.attribute(EmbeddingRequest.class).orElse(null);
      if (texts != null) {
        builder.setAttribute(SpanAttributes.BATCH_SIZE, (long) texts.size());
      }
    }
    Span span = builder.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Prediction prediction = chain.proceed(inputs);
      span.setAttribute(SpanAttributes.VALIDATION_RESULT,
          prediction.adjustments().isEmpty() ? "passed" : "adjusted");
      EmbeddingUsage usage = prediction.attribute(EmbeddingUsage.class).orElse(null);
      if (usage != null) {
        span.setAttribute(SpanAttributes.CACHE_RESULT, usage.cacheResult().tagValue());
        if (usage.inputTokens() > 0) {
          span.setAttribute(SpanAttributes.INPUT_TOKENS, usage.inputTokens());
          if (genAi) {
            span.setAttribute(SpanAttributes.GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens());
          }
        }
      }
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
