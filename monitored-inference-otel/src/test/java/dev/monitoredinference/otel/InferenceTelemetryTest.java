package dev.monitoredinference.otel;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.runtime.DeviceFallback;
import dev.monitoredinference.runtime.ExecutionProvider;
import dev.monitoredinference.runtime.FallbackReason;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.validation.InputSchema;
import dev.monitoredinference.validation.NonFinitePolicy;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InferenceTelemetryTest {
  private static final ModelVersion V7 =
      ModelVersion.builder("ranker", "7")
          .digest("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
          .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
          .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
          .build();

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
          .build();
  private final MonitoredModel model =
      InferenceTelemetry.create(otel).instrument(MonitoredModel.builder("ranker"))
          .runtime(FakeModelRuntime.of(V7, in -> Map.of("score", Tensor.ofFloats(new float[] {1, 2}, 2, 1))))
          .build();

  @AfterEach
  void close() {
    model.close();
    otel.close();
  }

  @Test
  void eachCall_isOneInternalSpanWithTheModelFacts() {
    model.predict(Inputs.of("features", new float[][] {{1, 2}, {3, 4}}));

    List<SpanData> finished = spans.getFinishedSpanItems();
    Assertions.assertThat(finished).hasSize(1);
    assertThat(finished.get(0))
        .hasName("predict ranker")
        .hasKind(SpanKind.INTERNAL)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(SpanAttributes.MODEL_NAME, "ranker"),
            equalTo(SpanAttributes.MODEL_VERSION, "7"),
            equalTo(SpanAttributes.MODEL_DIGEST, "0123456789ab"),
            equalTo(SpanAttributes.EXECUTION_PROVIDER, "cpu"),
            equalTo(SpanAttributes.FALLBACK, false),
            equalTo(SpanAttributes.BATCH_SIZE, 2L),
            equalTo(SpanAttributes.VALIDATION_RESULT, "passed"));
    assertThat(finished.get(0).getInstrumentationScopeInfo().getName()).isEqualTo("dev.monitoredinference");
    assertThat(finished.get(0).getInstrumentationScopeInfo().getVersion()).isEqualTo(InferenceTelemetry.libraryVersion());
    Assertions.assertThat(InferenceTelemetry.libraryVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void aCallInsideTheCallersSpan_isItsChild() {
    Span parent = otel.getTracer("test").spanBuilder("GET /search").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      model.predict(Inputs.of("features", new float[][] {{1, 2}}));
    } finally {
      parent.end();
    }
    SpanData predict = spans.getFinishedSpanItems().get(0);
    assertThat(predict).hasName("predict ranker").hasParentSpanId(parent.getSpanContext().getSpanId());
  }

  @Test
  void predictAsync_keepsTheCallersContext() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    Span parent = otel.getTracer("test").spanBuilder("GET /search").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      model.predictAsync(Inputs.of("features", new float[][] {{1, 2}}), executor).get(5, TimeUnit.SECONDS);
    } finally {
      parent.end();
      executor.shutdown();
    }
    assertThat(spans.getFinishedSpanItems().get(0))
        .hasName("predict ranker")
        .hasParentSpanId(parent.getSpanContext().getSpanId());
  }

  @Test
  void spanKind_isConfigurable_andFallbacksAndAdjustmentsAreOnTheSpan() {
    ModelVersion fellBack = ModelVersion.builder("ranker", "7")
        .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
        .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
        .fallback(DeviceFallback.of(ExecutionProvider.CUDA, ExecutionProvider.CPU, FallbackReason.LIBRARY_MISSING, "libcublasLt.so.12"))
        .build();
    try (MonitoredModel client = MonitoredModel.builder("client")
        .runtime(FakeModelRuntime.of(fellBack, in -> Map.of("score", Tensor.ofFloats(new float[] {1}, 1, 1))))
        .validate(InputSchema.fromModel().nonFinite(NonFinitePolicy.replaceWith(0)))
        .addInterceptor(InferenceTelemetry.builder(otel).spanKind(SpanKind.CLIENT).build().interceptor())
        .build()) {
      client.predict(Inputs.of("features", new float[][] {{Float.NaN, 2}}));
    }
    assertThat(spans.getFinishedSpanItems().get(0))
        .hasKind(SpanKind.CLIENT)
        .hasAttribute(SpanAttributes.FALLBACK, true)
        .hasAttribute(SpanAttributes.FALLBACK_REASON, "library_missing")
        .hasAttribute(SpanAttributes.VALIDATION_RESULT, "adjusted");
  }

  @Test
  void rejections_setErrorStatusAndErrorType_andKeepInputValuesOffTheSpan() {
    assertThatThrownBy(() -> model.predict(Inputs.of("features", new float[][] {{Float.NaN, 12345.5f}})))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("value NaN at index 0");
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span)
        .hasStatus(StatusData.create(StatusCode.ERROR, "invalid input: features:nan"))
        .hasAttribute(SpanAttributes.ERROR_TYPE, "invalid_input")
        .hasAttribute(SpanAttributes.VALIDATION_RESULT, "rejected")
        .hasEventsSatisfyingExactly(event -> event.hasName("exception").hasAttributesSatisfyingExactly(
            equalTo(AttributeKey.stringKey("exception.type"), InvalidInputException.class.getName()),
            equalTo(SpanAttributes.VIOLATIONS, "features:nan")));
  }

  @Test
  void runtimeFailures_recordTheExceptionOnce() {
    ModelExecutionException failure = new ModelExecutionException("ranker", "7", "run", new RuntimeException("boom"));
    try (MonitoredModel failing = MonitoredModel.builder("failing")
        .runtime(FakeModelRuntime.of(V7, in -> { throw failure; }))
        .addInterceptor(InferenceTelemetry.create(otel).interceptor())
        .build()) {
      assertThatThrownBy(() -> failing.predict(Inputs.of("features", new float[][] {{1, 2}}))).isSameAs(failure);
    }
    assertThat(spans.getFinishedSpanItems().get(0))
        .hasStatus(StatusData.create(StatusCode.ERROR, "model 'ranker' version 7 failed to run: boom"))
        .hasAttribute(SpanAttributes.ERROR_TYPE, "runtime_error")
        .hasEventsSatisfyingExactly(event -> event.hasName("exception")
            .hasAttributesSatisfying(equalTo(AttributeKey.stringKey("exception.type"), ModelExecutionException.class.getName())));
  }
}
