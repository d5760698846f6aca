package dev.monitoredinference.benchmarks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.Tokenizers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One query embedding with the real all-MiniLM-L6-v2 (quantized) encoder, four ways, on the same
 * Zipf(1.0)-drawn query sequence over 10,000 distinct queries:
 *
 * <ul>
 *   <li>{@code langchain4j}: {@code AllMiniLmL6V2QuantizedEmbeddingModel.embed}
 *   <li>{@code rawOrt}: DJL tokenizer, one ONNX Runtime run, mean pooling and L2 norm by hand
 *   <li>{@code monitored}: {@code TextEmbedder} with metrics (its own and its encoder model's) on a
 *       Prometheus registry, no cache
 *   <li>{@code monitoredCachedZipf}: the same with a 100,000-entry cache, warmed with the first
 *       {@value #WARM_DRAWS} draws (about 8,560 distinct queries), as a service's cache is after
 *       its first minutes; measurement keeps drawing, starting with about 2 % of draws never seen
 *       before and falling as the cache fills
 * </ul>
 *
 * All sessions use ONNX Runtime's default thread settings, as LangChain4j does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmbeddingBenchmark {
  static final int WARM_DRAWS = 100_000;

  private Queries.Zipf queries;
  private AllMiniLmL6V2QuantizedEmbeddingModel langchain4j;
  private OrtEnvironment env;
  private OrtSession session;
  private HuggingFaceTokenizer tokenizer;
  private TextEmbedder monitored;
  private TextEmbedder cached;

  @Setup
  public void setUp() throws Exception {
    queries = new Queries.Zipf(42);
    byte[] model = BenchmarkModels.bytes("all-minilm-l6-v2-q.onnx");
    byte[] tokenizerJson = BenchmarkModels.bytes("all-minilm-l6-v2-q-tokenizer.json");
    langchain4j = new AllMiniLmL6V2QuantizedEmbeddingModel();
    env = OrtEnvironment.getEnvironment();
    session = env.createSession(model);
    tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of());
    monitored = embedder("monitored", model, tokenizerJson, null);
    cached = embedder("cached", model, tokenizerJson, EmbeddingCache.caffeine(100_000));
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < WARM_DRAWS; i++) {
      seen.add(queries.next());
    }
    cached.embedAll(List.copyOf(seen));
  }

  private static TextEmbedder embedder(String name, byte[] model, byte[] tokenizerJson, EmbeddingCache cache) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var builder = TextEmbedder.builder(name)
        .model(MonitoredModel.builder(name).modelBytes(model).metrics(registry)) // the encoder's runs too
        .tokenizer(Tokenizers.huggingFace(tokenizerJson))
        .metrics(registry);
    return (cache == null ? builder : builder.cache(cache)).build();
  }

  @TearDown
  public void tearDown() throws OrtException, IOException {
    monitored.close();
    cached.close();
    session.close();
    tokenizer.close();
  }

  private String query() {
    return queries.next();
  }

  @Benchmark
  public float[] langchain4j() {
    return langchain4j.embed(query()).content().vector();
  }

  @Benchmark
  public float[] rawOrt() throws OrtException {
    Encoding encoding = tokenizer.encode(query());
    long[] shape = {1, encoding.getIds().length};
    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getIds()), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getAttentionMask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getTypeIds()), shape);
        OrtSession.Result result = session.run(
            Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
      FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
      int tokens = (int) shape[1];
      int dims = hidden.remaining() / tokens;
      float[] vector = new float[dims];
      for (int t = 0; t < tokens; t++) {
        for (int d = 0; d < dims; d++) {
          vector[d] += hidden.get(t * dims + d) / tokens;
        }
      }
      double norm = 0;
      for (float v : vector) {
        norm += v * v;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dims; d++) {
        vector[d] *= scale;
      }
      return vector;
    }
  }

  @Benchmark
  public float[] monitored() {
    return monitored.embed(query());
  }

  @Benchmark
  public float[] monitoredCachedZipf() {
    return cached.embed(query());
  }
}
