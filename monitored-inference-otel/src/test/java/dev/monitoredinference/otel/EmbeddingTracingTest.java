package dev.monitoredinference.otel;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import dev.monitoredinference.embedding.TokenizedText;
import dev.monitoredinference.embedding.Tokenizer;
import dev.monitoredinference.testing.TestModels;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of TextEmbedder calls: names, cache and token attributes, and batched-run links. */
class EmbeddingTracingTest {
  private static final String QUERY = "red running shoes";

  /** One token per word, ids 3.., between [CLS]=1 and [SEP]=2. */
  private static final Tokenizer WORDS = new Tokenizer() {
    @Override
    public String identity() {
      return "words";
    }

    @Override
    public TokenizedText encode(String text, int maxTokens) {
      String[] words = text.isEmpty() ? new String[0] : text.split(" ");
      long[] ids = new long[words.length + 2];
      ids[0] = 1;
      for (int i = 0; i < words.length; i++) {
        ids[i + 1] = 3 + Math.floorMod(words[i].hashCode(), 5);
      }
      ids[ids.length - 1] = 2;
      return TokenizedText.of(ids, new long[ids.length], false);
    }
  };

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();
  private TextEmbedder embedder;

  @AfterEach
  void close() {
    if (embedder != null) {
      embedder.close();
    }
    otel.close();
  }

  private static MonitoredModelBuilder encoder(InferenceTelemetry telemetry) {
    return MonitoredModel.builder("words")
        .modelBytes(TestModels.tokenEncoder(new float[8 * 4], 4))
        .addInterceptor(telemetry.interceptor());
  }

  /** Spans through the interceptor alone, as before {@code instrument} existed. */
  private TextEmbedderBuilder builder(InferenceTelemetry telemetry) {
    return TextEmbedder.builder("words")
        .model(encoder(telemetry))
        .tokenizer(WORDS)
        .addInterceptor(telemetry.interceptor());
  }

  private SpanData only(String name) {
    List<SpanData> named = spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals(name)).collect(Collectors.toList());
    Assertions.assertThat(named).as(name).hasSize(1);
    return named.get(0);
  }

  @Test
  void anEmbedding_isAnEmbeddingsSpan_withTokens_andTheEncoderRunAsItsChild() {
    embedder = builder(InferenceTelemetry.create(otel)).build();

    embedder.embed(QUERY);

    SpanData call = only("embeddings words");
    assertThat(call)
        .hasKind(SpanKind.INTERNAL)
        .hasAttribute(SpanAttributes.MODEL_NAME, "words")
        .hasAttribute(SpanAttributes.MODEL_VERSION, "1")
        .hasAttribute(SpanAttributes.BATCH_SIZE, 1L)
        .hasAttribute(SpanAttributes.CACHE_RESULT, "none")
        .hasAttribute(SpanAttributes.INPUT_TOKENS, 5L)
        .hasAttribute(SpanAttributes.VALIDATION_RESULT, "passed");
    Assertions.assertThat(call.getAttributes().get(SpanAttributes.GEN_AI_OPERATION_NAME)).isNull();
    Assertions.assertThat(call.getAttributes().asMap().values())
        .noneMatch(value -> value.toString().contains("running"));
    assertThat(only("predict words")).hasParent(call);
  }

  @Test
  void cachedCalls_sayHitOrMiss_andAHitCostsNoTokens() {
    embedder = builder(InferenceTelemetry.create(otel)).cache(EmbeddingCache.caffeine(10)).build();

    embedder.embed(QUERY);
    embedder.embed(QUERY);

    List<SpanData> calls = spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals("embeddings words")).collect(Collectors.toList());
    Assertions.assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).hasAttribute(SpanAttributes.CACHE_RESULT, "miss")
        .hasAttribute(SpanAttributes.INPUT_TOKENS, 5L);
    assertThat(calls.get(1)).hasAttribute(SpanAttributes.CACHE_RESULT, "hit");
    Assertions.assertThat(calls.get(1).getAttributes().get(SpanAttributes.INPUT_TOKENS)).isNull();
    Assertions.assertThat(spans.getFinishedSpanItems())
        .filteredOn(span -> span.getName().equals("predict words")).hasSize(1);
  }

  @Test
  void genAiAttributes_areAddedOnlyWhenAskedFor() {
    embedder = builder(InferenceTelemetry.builder(otel).genAiAttributes(true).build()).build();

    embedder.embed(QUERY);

    assertThat(only("embeddings words"))
        .hasAttribute(SpanAttributes.GEN_AI_OPERATION_NAME, "embeddings")
        .hasAttribute(SpanAttributes.GEN_AI_REQUEST_MODEL, "words")
        .hasAttribute(SpanAttributes.GEN_AI_USAGE_INPUT_TOKENS, 5L);
    Assertions.assertThat(only("predict words").getAttributes().get(SpanAttributes.GEN_AI_OPERATION_NAME))
        .isNull();
  }

  @Test
  void anEmptyText_isARejectedEmbeddingsSpan() {
    embedder = builder(InferenceTelemetry.create(otel)).build();

    assertThatThrownBy(() -> embedder.embed(" ")).isInstanceOf(InvalidInputException.class);

    assertThat(only("embeddings words"))
        .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR)
            .hasDescription("invalid input: text:empty"))
        .hasAttribute(SpanAttributes.ERROR_TYPE, "invalid_input")
        .hasAttribute(SpanAttributes.VALIDATION_RESULT, "rejected");
  }

  @Test
  void aBatchedRun_isOneSpanLinkedToEachCallsSpan() throws Exception {
    InferenceTelemetry telemetry = InferenceTelemetry.create(otel);
    embedder = telemetry.instrument(TextEmbedder.builder("words"))
        .model(encoder(telemetry))
        .tokenizer(WORDS)
        .batching(BatchingConfig.maxBatch(2).maxDelay(Duration.ofSeconds(30))) // runs when both wait
        .build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<float[]>> calls = List.of(
          pool.submit(() -> embedInParent(start, "caller-a")),
          pool.submit(() -> embedInParent(start, "caller-b")));
      start.countDown();
      for (Future<float[]> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<SpanData> callSpans = spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals("embeddings words")).collect(Collectors.toList());
    Assertions.assertThat(callSpans).hasSize(2);
    for (SpanData call : callSpans) {
      Assertions.assertThat(call.getParentSpanContext().isValid()).isTrue();
    }
    SpanData batch = only("batch words");
    assertThat(batch)
        .hasAttribute(SpanAttributes.BATCH_SIZE, 2L)
        .hasAttribute(SpanAttributes.MODEL_NAME, "words");
    Assertions.assertThat(batch.getLinks()).extracting(LinkData::getSpanContext)
        .containsExactlyInAnyOrder(callSpans.get(0).getSpanContext(), callSpans.get(1).getSpanContext());
    Assertions.assertThat(callSpans).extracting(SpanData::getSpanId).contains(batch.getParentSpanId());
    assertThat(only("predict words")).hasParent(batch).hasAttribute(SpanAttributes.BATCH_SIZE, 2L);
  }

  @Test
  void aBatchedRun_withTheInterceptorAlone_isNotTracedAsABatch_theBatchTracerIsRegisteredExplicitly()
      throws Exception {
    embedder = builder(InferenceTelemetry.create(otel))
        .batching(BatchingConfig.maxBatch(2).maxDelay(Duration.ofSeconds(30)))
        .build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<float[]>> calls = List.of(
          pool.submit(() -> embedInParent(start, "caller-a")),
          pool.submit(() -> embedInParent(start, "caller-b")));
      start.countDown();
      for (Future<float[]> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Assertions.assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsOnly("caller-a", "caller-b", "embeddings words", "predict words")
        .filteredOn(name -> name.equals("embeddings words")).hasSize(2);
  }

  private float[] embedInParent(CountDownLatch start, String parentName) throws InterruptedException {
    start.await();
    Span parent = otel.getTracer("test").spanBuilder(parentName).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      return embedder.embed(QUERY);
    } finally {
      parent.end();
    }
  }
}
