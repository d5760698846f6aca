package dev.monitoredinference.embedding;

import static dev.monitoredinference.embedding.WordTokenizer.expectedMean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.CacheResult;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidOutputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.cache.EmbeddingUsage;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.runtime.RunControl;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.testing.ForwardingModelRuntime;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.validation.InputSchema;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one embedding call goes through: one encoder run under the encoder's own lease, one
 * request timer sample, one output guard (the encoder's), and interceptors that see texts and
 * vectors as typed attributes, not tensors.
 */
class EmbeddingCallPathTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger encoderRuns = new AtomicInteger();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  /** The float test encoder on ONNX Runtime, its runtime wrapped to count runs. */
  private MonitoredModel countingEncoder() {
    MonitoredModel encoder = MonitoredModel.builder("words")
        .modelBytes(TestModels.tokenEncoder(WordTokenizer.table(0f), 4))
        .loader(request -> new ForwardingModelRuntime(OnnxModelLoader.create().load(request)) {
          @Override
          public Prediction run(Inputs inputs, RunControl control) {
            encoderRuns.incrementAndGet();
            return super.run(inputs, control);
          }
        })
        .metrics(registry)
        .build();
    open.add(encoder);
    return encoder;
  }

  private TextEmbedder build(TextEmbedderBuilder builder) {
    TextEmbedder embedder = builder.build();
    open.add(0, embedder);
    return embedder;
  }

  private TextEmbedderBuilder words(MonitoredModel encoder) {
    return TextEmbedder.builder("words").model(encoder).tokenizer(new WordTokenizer());
  }

  private long embeddingRequests() {
    return registry.find("monitored.inference.request.duration")
        .tags("model", "words", "operation", "embeddings").timers().stream().mapToLong(Timer::count).sum();
  }

  @Test
  void embed_runsTheEncoderOnce_andACacheHitNotAtAll() {
    TextEmbedder embedder = build(words(countingEncoder()).cache(EmbeddingCache.caffeine(10)));

    embedder.embed("red shoes");
    assertThat(encoderRuns).hasValue(1);
    embedder.embed("red shoes");
    assertThat(encoderRuns).hasValue(1);
    embedder.embedAll(List.of("blue hat", "red running shoes", "hat"));
    assertThat(encoderRuns).as("three misses, one padded run").hasValue(2);
  }

  @Test
  void eachCall_isOneSampleOfTheEmbeddingsRequestTimer_whateverItsTextCount() {
    TextEmbedder embedder = build(words(countingEncoder()).cache(EmbeddingCache.caffeine(10)).metrics(registry));

    embedder.embed("red shoes");
    embedder.embed("red shoes");
    embedder.embedAll(List.of("blue hat", "red running shoes", "hat"));

    assertThat(embeddingRequests()).isEqualTo(3);
    assertThat(registry.get("monitored.inference.request.duration").tags("model", "words",
        "operation", "embeddings", "cache.result", "hit", "error.type", "none").timer().count()).isEqualTo(1);
    assertThat(registry.get("monitored.inference.request.duration").tags("model", "words",
        "operation", "embeddings", "cache.result", "miss", "error.type", "none").timer().count()).isEqualTo(2);
    assertThat(registry.get("monitored.inference.request.duration").tags("model", "words",
        "operation", "predict", "error.type", "none").timer().count())
        .as("the encoder's own timer counts its runs").isEqualTo(2);
  }

  @Test
  void interceptors_seeTheTextsAndVectorsAsTypedAttributes_andNoTensors() {
    AtomicReference<Inputs> seen = new AtomicReference<>();
    AtomicReference<Prediction> answered = new AtomicReference<>();
    InferenceInterceptor lowerCase = chain -> {
      seen.set(chain.inputs());
      List<String> lowered = new ArrayList<>();
      chain.inputs().attribute(EmbeddingRequest.class).orElseThrow().texts()
          .forEach(text -> lowered.add(text.toLowerCase()));
      Prediction prediction = chain.proceed(
          chain.inputs().withAttribute(EmbeddingRequest.class, EmbeddingRequest.of(lowered)));
      answered.set(prediction);
      return prediction;
    };
    TextEmbedder embedder = build(words(countingEncoder()).normalize(false).addInterceptor(lowerCase));

    List<float[]> vectors = embedder.embedAll(List.of("Blue HAT", "red"));

    assertThat(seen.get().size()).isZero();
    assertThat(seen.get().attribute(EmbeddingRequest.class).orElseThrow().texts())
        .containsExactly("Blue HAT", "red");
    assertThat(vectors.get(0)).containsExactly(expectedMean(0f, false, 1, 6, 7, 2), within(1e-6f));
    assertThat(vectors.get(1)).containsExactly(expectedMean(0f, false, 1, 3, 2), within(1e-6f));
    Prediction prediction = answered.get();
    assertThat(prediction.size()).as("no outputs without drift").isZero();
    assertThat(prediction.attribute(EmbeddingResult.class).orElseThrow().vectors()).containsExactlyElementsOf(vectors);
    assertThat(prediction.attribute(EmbeddingUsage.class)).contains(EmbeddingUsage.of(CacheResult.NONE, 7));
    assertThat(prediction.version()).isSameAs(embedder.model().version());
  }

  @Test
  void withDrift_thePredictionAlsoCarriesTheEmbeddingOutput_theDriftLinkReads() {
    AtomicReference<Prediction> answered = new AtomicReference<>();
    TextEmbedder embedder = build(words(countingEncoder())
        .drift(DriftConfig.builder().embedding("embedding").build())
        .addInterceptor(chain -> {
          answered.set(chain.proceed(chain.inputs()));
          return answered.get();
        }));

    List<float[]> vectors = embedder.embedAll(List.of("blue hat", "red"));

    Tensor embedding = answered.get().output("embedding");
    assertThat(embedding.shape()).containsExactly(2, 4);
    float[] flat = embedding.floatArray();
    for (int i = 0; i < 2; i++) {
      for (int d = 0; d < 4; d++) {
        assertThat(flat[i * 4 + d]).isEqualTo(vectors.get(i)[d]);
      }
    }
  }

  /** An encoder with the test encoder's signature whose hidden states are all NaN. */
  private static MonitoredModel nanEncoder(InputSchema validation) {
    ModelVersion version = ModelVersion.builder("nan", "1")
        .input(TensorSpec.of("input_ids", ElementType.INT64, TensorSpec.FREE, TensorSpec.FREE))
        .input(TensorSpec.of("attention_mask", ElementType.INT64, TensorSpec.FREE, TensorSpec.FREE))
        .output(TensorSpec.of("last_hidden_state", ElementType.FLOAT, TensorSpec.FREE, TensorSpec.FREE, 4))
        .build();
    return MonitoredModel.builder("nan")
        .runtime(FakeModelRuntime.of(version, inputs -> {
          long[] shape = inputs.tensor(0).shape();
          float[] hidden = new float[(int) (shape[0] * shape[1] * 4)];
          java.util.Arrays.fill(hidden, Float.NaN);
          return Map.of("last_hidden_state", Tensor.ofFloats(hidden, shape[0], shape[1], 4));
        }))
        .validate(validation)
        .build();
  }

  @Test
  void aNonFiniteEncoderOutput_isCaughtByTheEncodersOwnOutputGuard() {
    MonitoredModel encoder = nanEncoder(InputSchema.fromModel());
    open.add(encoder);
    TextEmbedder embedder = build(TextEmbedder.builder("nan").model(encoder).tokenizer(new WordTokenizer())
        .metrics(registry));

    assertThatThrownBy(() -> embedder.embed("red"))
        .isInstanceOf(InvalidOutputException.class)
        .hasMessageContaining("last_hidden_state");
    assertThat(registry.get("monitored.inference.request.duration").tags("model", "nan",
        "operation", "embeddings", "cache.result", "none", "error.type", "invalid_output").timer().count())
        .isEqualTo(1);
  }

  @Test
  void theEmbedder_addsNoOutputGuardOfItsOwn() {
    MonitoredModel encoder = nanEncoder(InputSchema.signatureOnly()); // the guard switched off
    open.add(encoder);
    TextEmbedder embedder = build(TextEmbedder.builder("nan").model(encoder).tokenizer(new WordTokenizer())
        .normalize(false));

    assertThat(embedder.embed("red")).containsOnly(Float.NaN);
  }
}
