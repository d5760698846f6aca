package dev.monitoredinference.embedding;

import static dev.monitoredinference.embedding.WordTokenizer.expectedMean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.validation.TextLengthPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedder's own behaviour on a real ONNX token encoder whose vectors are known. */
class TextEmbedderTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  /** An encoder the embedder owns, recording its runs in the test's registry. */
  private MonitoredModelBuilder encoder(String name, float salt) {
    return MonitoredModel.builder(name).modelBytes(TestModels.tokenEncoder(WordTokenizer.table(salt), 4))
        .metrics(registry);
  }

  private TextEmbedderBuilder builder() {
    return TextEmbedder.builder("words").model(encoder("words", 0f)).tokenizer(new WordTokenizer());
  }

  private TextEmbedder build(TextEmbedderBuilder builder) {
    TextEmbedder embedder = builder.build();
    open.add(embedder);
    return embedder;
  }

  private double requests(String cacheResult, String errorType) {
    return registry.get("monitored.inference.request.duration")
        .tags("model", "words", "operation", "embeddings", "cache.result", cacheResult, "error.type", errorType)
        .timer().count();
  }

  private double encoderRuns(String model) {
    return registry.get("monitored.inference.request.duration")
        .tags("model", model, "operation", "predict", "error.type", "none").timer().count();
  }

  @Test
  void meanPooling_averagesTheTextsOwnTokens_notThePadding() {
    TextEmbedder embedder = build(builder().normalize(false));

    List<float[]> vectors = embedder.embedAll(List.of("red running shoes", "hat"));

    assertThat(vectors.get(0)).containsExactly(expectedMean(0f, false, 1, 3, 4, 5, 2), within(1e-5f));
    assertThat(vectors.get(1)).containsExactly(expectedMean(0f, false, 1, 7, 2), within(1e-5f));
  }

  @Test
  void vectors_areL2Normalised_byDefault() {
    TextEmbedder embedder = build(builder());

    float[] vector = embedder.embed("blue hat");

    assertThat(vector).containsExactly(expectedMean(0f, true, 1, 6, 7, 2), within(1e-6f));
  }

  @Test
  void clsPooling_takesTheFirstToken() {
    TextEmbedder embedder = build(builder().pooling(Pooling.CLS).normalize(false));

    assertThat(embedder.embed("blue hat")).containsExactly(expectedMean(0f, false, 1), within(1e-6f));
  }

  @Test
  void whitespaceAndUnicodeForms_areNormalisedBeforeTokenizingAndCaching() {
    TextEmbedder embedder = build(builder().cache(EmbeddingCache.caffeine(100)).metrics(registry));

    float[] plain = embedder.embed("red shoes");
    float[] spaced = embedder.embed("  red \t  shoes\n");

    assertThat(spaced).containsExactly(plain);
    assertThat(requests("hit", "none")).isEqualTo(1);
  }

  @Test
  void anEmptyText_isRejected_namingTheRule_andCounted() {
    TextEmbedder embedder = build(builder().metrics(registry));

    assertThatThrownBy(() -> embedder.embedAll(List.of("red", " \t ")))
        .isInstanceOfSatisfying(InvalidInputException.class, e ->
            assertThat(e.violations()).singleElement().satisfies(v -> {
              assertThat(v.input()).isEqualTo("text");
              assertThat(v.rule()).isEqualTo(InputRule.EMPTY);
            }))
        .hasMessage("invalid input for model 'words' version 1:\n  input 'text' breaks rule empty:"
            + " 1 of 2 texts are empty or only whitespace (first at index 1)");
    assertThat(registry.get("monitored.inference.rejections").tags("model", "words", "reason", "empty")
        .counter().count()).isEqualTo(1);
    assertThat(requests("none", "invalid_input")).isEqualTo(1);
    assertThat(encoderRuns("words")).isZero();
  }

  @Test
  void emptyText_whenAllowed_embedsTheSpecialTokens() {
    TextEmbedder embedder = build(builder().allowEmptyText().normalize(false));

    assertThat(embedder.embed(" ")).containsExactly(expectedMean(0f, false, 1, 2), within(1e-6f));
  }

  @Test
  void tooLongText_isRejectedBeforeTokenizing() {
    TextEmbedder embedder = build(builder().maxTextLength(5, TextLengthPolicy.REJECT).metrics(registry));

    assertThatThrownBy(() -> embedder.embed("red running"))
        .isInstanceOfSatisfying(InvalidInputException.class, e ->
            assertThat(e.violations()).singleElement()
                .satisfies(v -> assertThat(v.rule()).isEqualTo(InputRule.LENGTH)));
    assertThat(encoderRuns("words")).isZero();
  }

  @Test
  void truncation_toMaxTokens_isFlaggedAndCounted() {
    TextEmbedder embedder = build(builder().maxTokens(3).normalize(false).metrics(registry));

    float[] vector = embedder.embed("red running shoes");

    assertThat(vector).containsExactly(expectedMean(0f, false, 1, 3, 2), within(1e-6f));
    assertThat(registry.get("monitored.inference.input.adjustments").tags("model", "words", "reason", "length")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("monitored.inference.input.tokens").tags("model", "words")
        .summary().totalAmount()).isEqualTo(3);
  }

  @Test
  void inputTokens_areRecordedPerCall_forTextsTheEncoderRan() {
    TextEmbedder embedder = build(builder().cache(EmbeddingCache.caffeine(100)).metrics(registry));

    embedder.embedAll(List.of("red running shoes", "hat"));
    embedder.embed("hat"); // a hit costs no tokens

    var tokens = registry.get("monitored.inference.input.tokens").tags("model", "words").summary();
    assertThat(tokens.count()).isEqualTo(1);
    assertThat(tokens.totalAmount()).isEqualTo(5 + 3);
  }

  @Test
  void theCache_servesRepeats_withoutRunningTheEncoder_andCannotBeCorruptedByCallers() {
    TextEmbedder embedder = build(builder().cache(EmbeddingCache.caffeine(100)).metrics(registry));

    float[] first = embedder.embed("red shoes");
    first[0] = 42f;
    float[] second = embedder.embed("red shoes");

    assertThat(second).containsExactly(expectedMean(0f, true, 1, 3, 5, 2), within(1e-6f));
    assertThat(requests("miss", "none")).isEqualTo(1);
    assertThat(requests("hit", "none")).isEqualTo(1);
    assertThat(encoderRuns("words")).isEqualTo(1);
    assertThat(registry.get("cache.gets").tags("cache", "words.embeddings", "result", "hit")
        .functionCounter().count()).isEqualTo(1);
  }

  @Test
  void aSharedCache_neverServesOneModelVersionsVectorsToAnother() {
    EmbeddingCache cache = EmbeddingCache.caffeine(100);
    TextEmbedder v1 = build(TextEmbedder.builder("words").model(encoder("words", 0f))
        .tokenizer(new WordTokenizer()).cache(cache).normalize(false).metrics(registry));
    TextEmbedder v2 = build(TextEmbedder.builder("words-v2").model(encoder("words-v2", 0.5f))
        .tokenizer(new WordTokenizer()).cache(cache).normalize(false).metrics(registry));

    float[] fromV1 = v1.embed("blue hat");
    float[] fromV2 = v2.embed("blue hat");

    assertThat(v1.version().digest()).isNotEqualTo(v2.version().digest());
    assertThat(fromV1).containsExactly(expectedMean(0f, false, 1, 6, 7, 2), within(1e-6f));
    assertThat(fromV2).containsExactly(expectedMean(0.5f, false, 1, 6, 7, 2), within(1e-6f));
    assertThat(encoderRuns("words")).isEqualTo(1);
    assertThat(encoderRuns("words-v2")).isEqualTo(1);
    assertThat(cache.estimatedSize()).isEqualTo(2);
  }

  @Test
  void thirtyTwoConcurrentCallers_throughTheBatcher_getTheirOwnVectors() throws Exception {
    TextEmbedder batched = build(builder()
        .batching(BatchingConfig.maxBatch(8).maxDelay(Duration.ofMillis(20))).metrics(registry));
    List<String> words = List.of("red", "running", "shoes", "blue", "hat");
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<float[]>> results = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String text = words.get(i % 5) + (i % 3 == 0 ? " " + words.get((i + 1) % 5) : "");
      texts.add(text);
      results.add(pool.submit(() -> {
        start.await();
        return batched.embed(text);
      }));
    }
    start.countDown();
    try {
      TextEmbedder unbatched = build(TextEmbedder.builder("plain").model(encoder("plain", 0f))
          .tokenizer(new WordTokenizer()));
      for (int i = 0; i < 32; i++) {
        assertThat(results.get(i).get(10, TimeUnit.SECONDS))
            .as(texts.get(i)).containsExactly(unbatched.embed(texts.get(i)), within(1e-6f));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(registry.get("monitored.inference.batch.size").summary().totalAmount()).isEqualTo(32);
    assertThat(registry.get("monitored.inference.queue.duration").timer().count()).isEqualTo(32);
    assertThat(encoderRuns("words")).isEqualTo(registry.get("monitored.inference.batch.size").summary().count());
  }

  @Test
  void paddingShare_isRecordedPerRun() {
    TextEmbedder embedder = build(builder().metrics(registry));

    embedder.embedAll(List.of("red running shoes", "hat")); // widths 5 and 3: 2 of 10 slots padding

    var padding = registry.get("monitored.inference.batch.padding").summary();
    assertThat(padding.count()).isEqualTo(1);
    assertThat(padding.totalAmount()).isEqualTo(0.2, within(1e-9));
  }

  @Test
  void version_isTheEncodersOwn_andDimensionsItsDeclaredOutputWidth() {
    TextEmbedder embedder = build(builder());

    assertThat(embedder.version()).isSameAs(embedder.model().version());
    assertThat(embedder.version().modelName()).isEqualTo("words");
    assertThat(embedder.dimensions()).isEqualTo(4);
    assertThat(embedder.embed("blue hat")).hasSize(4);
  }

  @Test
  void close_refusesNewCalls_andClosesTheEncoder() {
    TextEmbedder embedder = builder().build();
    embedder.close();

    assertThatThrownBy(() -> embedder.embed("red")).isInstanceOf(ModelClosedException.class);
    assertThat(embedder.model().isClosed()).isTrue();
    assertThat(embedder.model().liveNativeObjects()).isZero();
  }

  @Test
  void aModelThatIsNotATextEncoder_isRefusedAtBuild() {
    MonitoredModelBuilder identity = MonitoredModel.builder("identity")
        .modelBytes(TestModels.identity(ElementType.FLOAT, TensorSpec.FREE, 4));

    assertThatThrownBy(() -> TextEmbedder.builder("identity").model(identity).tokenizer(new WordTokenizer()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("model identity version 1 (")
        .hasMessageContaining("is not a text encoder: it needs int64 inputs input_ids and attention_mask");
  }

  @Test
  void aMissingTokenizer_isReportedAtBuild() {
    assertThatThrownBy(() -> TextEmbedder.builder("words").model(encoder("words", 0f)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("embedder 'words' needs a model and a tokenizer, but tokenizer was not given");
    assertThatThrownBy(() -> TextEmbedder.builder("words").maxTokens(1))
        .hasMessage("maxTokens must be >= 2, but was 1");
  }
}
