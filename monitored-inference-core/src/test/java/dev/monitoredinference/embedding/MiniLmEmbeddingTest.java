package dev.monitoredinference.embedding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.batching.BatchingConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real all-MiniLM-L6-v2 (quantized) encoder and its tokenizer, from LangChain4j's artifact,
 * checked against an independent computation: DJL tokenizer, a raw ONNX Runtime session and
 * pooling by hand.
 */
class MiniLmEmbeddingTest {
  private static final List<String> QUERIES = List.of(
      "red running shoes",
      "waterproof hiking boots for women",
      "usb-c charger 65w",
      "a",
      "Ünïcödé café crème brûlée",
      "the quick brown fox jumps over the lazy dog while the cat watches from the window sill");

  private static byte[] model;
  private static byte[] tokenizerJson;
  private static TextEmbedder embedder;

  @BeforeAll
  static void load() throws IOException {
    model = resource("all-minilm-l6-v2-q.onnx");
    tokenizerJson = resource("all-minilm-l6-v2-q-tokenizer.json");
    embedder = TextEmbedder.builder("minilm")
        .model(MonitoredModel.builder("minilm").modelBytes(model))
        .tokenizer(Tokenizers.huggingFace(tokenizerJson))
        .build();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MiniLmEmbeddingTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /**
   * Tokenize, pad, run and mean-pool {@code texts} as one batch without any of this library's
   * code. The batch matters: the model quantizes activations dynamically, per tensor, so a
   * vector depends slightly on what it was batched with.
   */
  private static List<float[]> independently(List<String> texts) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
            new ByteArrayInputStream(tokenizerJson), Map.of());
        OrtSession session = env.createSession(model)) {
      Encoding[] encodings = new Encoding[texts.size()];
      int width = 0;
      for (int i = 0; i < texts.size(); i++) {
        encodings[i] = tokenizer.encode(texts.get(i));
        width = Math.max(width, encodings[i].getIds().length);
      }
      long[] ids = new long[texts.size() * width];
      long[] mask = new long[ids.length];
      long[] types = new long[ids.length];
      for (int i = 0; i < texts.size(); i++) {
        System.arraycopy(encodings[i].getIds(), 0, ids, i * width, encodings[i].getIds().length);
        System.arraycopy(encodings[i].getAttentionMask(), 0, mask, i * width, encodings[i].getIds().length);
        System.arraycopy(encodings[i].getTypeIds(), 0, types, i * width, encodings[i].getIds().length);
      }
      long[] shape = {texts.size(), width};
      try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
          OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
          OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
          OrtSession.Result result = session.run(
              Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor))) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
          vectors.add(meanOverMask(hidden[i], encodings[i].getIds().length));
        }
        return vectors;
      }
    }
  }

  private static float[] meanOverMask(float[][] tokens, int length) {
    double[] mean = new double[tokens[0].length];
    for (int t = 0; t < length; t++) {
      for (int d = 0; d < mean.length; d++) {
        mean[d] += tokens[t][d] / (double) length;
      }
    }
    double norm = Math.sqrt(Arrays.stream(mean).map(v -> v * v).sum());
    float[] vector = new float[mean.length];
    for (int d = 0; d < mean.length; d++) {
      vector[d] = (float) (mean[d] / norm);
    }
    return vector;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void embed_matchesTheIndependentComputation() throws Exception {
    for (String query : QUERIES) {
      float[] vector = embedder.embed(query);
      assertThat(vector).as(query).hasSize(384)
          .containsExactly(independently(List.of(query)).get(0), within(1e-5f));
    }
  }

  @Test
  void embedAll_paddedIntoOneRun_matchesTheIndependentComputation() throws Exception {
    List<float[]> vectors = embedder.embedAll(QUERIES);

    List<float[]> expected = independently(QUERIES);
    for (int i = 0; i < QUERIES.size(); i++) {
      assertThat(vectors.get(i)).as(QUERIES.get(i)).containsExactly(expected.get(i), within(1e-5f));
    }
  }

  @Test
  void embed_agreesWithLangChain4jsOwnEmbedder() {
    AllMiniLmL6V2QuantizedEmbeddingModel langchain4j = new AllMiniLmL6V2QuantizedEmbeddingModel();
    for (String query : QUERIES) {
      float[] theirs = langchain4j.embed(query).content().vector();
      assertThat(cosine(embedder.embed(query), theirs)).as(query).isGreaterThanOrEqualTo(0.999);
    }
  }

  @Test
  void longTexts_areTruncatedToMaxTokens_andFlagged() {
    try (TextEmbedder shortWindow = TextEmbedder.builder("minilm-8")
        .model(MonitoredModel.builder("minilm-8").modelBytes(model))
        .tokenizer(Tokenizers.huggingFace(tokenizerJson))
        .maxTokens(8)
        .build()) {
      String text = QUERIES.get(5);
      var tokens = Tokenizers.huggingFace(tokenizerJson).encode(text, 8);
      assertThat(tokens.length()).isEqualTo(8);
      assertThat(tokens.truncated()).isTrue();
      assertThat(tokens.id(0)).isEqualTo(101); // [CLS]
      assertThat(tokens.id(7)).isEqualTo(102); // [SEP] kept at the end

      float[] cut = shortWindow.embed(text);
      assertThat(cosine(cut, embedder.embed(text))).isLessThan(0.99);
    }
  }

  @Test
  void sixteenConcurrentCallers_batchedIntoOneRun_eachGetTheirOwnVector() throws Exception {
    List<String> queries = new ArrayList<>();
    Tokenizer tokenizer = Tokenizers.huggingFace(tokenizerJson);
    for (int i = 0; i < 16; i++) {
      String query = "size " + (36 + i) + " running shoes";
      assertThat(EmbeddingPipeline.lengthBucket(tokenizer.encode(query, 256))).as(query).isEqualTo(3);
      queries.add(query);
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (TextEmbedder batched = TextEmbedder.builder("minilm-batched")
        .model(MonitoredModel.builder("minilm-batched").modelBytes(model))
        .tokenizer(tokenizer)
        .batching(BatchingConfig.maxBatch(16).maxDelay(Duration.ofSeconds(30))) // runs when all 16 wait
        .build()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<float[]>> results = new ArrayList<>();
      for (String query : queries) {
        results.add(pool.submit(() -> {
          start.await();
          return batched.embed(query);
        }));
      }
      start.countDown();
      List<float[]> expected = independently(queries);
      for (int i = 0; i < 16; i++) {
        float[] vector = results.get(i).get(60, TimeUnit.SECONDS);
        assertThat(vector).as(queries.get(i)).containsExactly(expected.get(i), within(1e-5f));
        // Micro-batching moves a quantized model's vectors only slightly from the unbatched ones.
        assertThat(cosine(vector, embedder.embed(queries.get(i)))).isGreaterThanOrEqualTo(0.99);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void huggingFaceTokenizer_identity_isTheFilesDigest() {
    assertThat(Tokenizers.huggingFace(tokenizerJson).identity()).matches("huggingface:sha256:[0-9a-f]{64}");
    assertThat(InputRule.EMPTY.tagValue()).isEqualTo("empty");
  }

  @Test
  void huggingFaceTokenizer_asksDjlForItsBundledCpuBuild_unlessTheApplicationChose() {
    assumeTrue(System.getenv("RUST_FLAVOR") == null, "RUST_FLAVOR is set in the environment");
    String before = System.getProperty("RUST_FLAVOR");
    try {
      // Without this, DJL on a CUDA host downloads a CUDA build and fails offline.
      System.clearProperty("RUST_FLAVOR");
      dev.monitoredinference.embedding.HuggingFaceTokenizer.preferBundledCpuBuild();
      assertThat(System.getProperty("RUST_FLAVOR")).isEqualTo("cpu");
      System.setProperty("RUST_FLAVOR", "cu124");
      dev.monitoredinference.embedding.HuggingFaceTokenizer.preferBundledCpuBuild();
      assertThat(System.getProperty("RUST_FLAVOR")).isEqualTo("cu124");
    } finally {
      if (before == null) {
        System.clearProperty("RUST_FLAVOR");
      } else {
        System.setProperty("RUST_FLAVOR", before);
      }
    }
  }

  @Test
  void huggingFaceTokenizer_rejectsAFileThatIsNotATokenizer() {
    assertThatThrownBy(() -> Tokenizers.huggingFace("{\"not\": \"a tokenizer\"}".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a HuggingFace tokenizer.json (huggingface:sha256:");
  }
}
