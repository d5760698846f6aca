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
import dev.monitoredinference.onnx.OnnxOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
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
 * <p>Each method has its own state, so a fork builds only the model it calls: every ONNX Runtime
 * session has its own intra-op thread pool, and four of them in one fork (as this benchmark had
 * until 2026-12-03) disturb each other's timing. {@code rawOrt} and {@code monitored} create their
 * sessions with the same options, the library's defaults: all graph optimisations, {@code
 * intraOpThreads} (0 = ONNX Runtime decides, one thread per core with spinning workers, as
 * LangChain4j uses; LangChain4j's own session cannot be configured here). Pair neighbouring forks
 * with {@code OverheadRatio 8 EmbeddingBenchmark rawOrt monitored}, or compare two of them within
 * one fork with {@code alternating} ({@link Paired}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmbeddingBenchmark {
  static final int WARM_DRAWS = 100_000;

  /** The query sequence and the session settings every method shares. */
  @State(Scope.Benchmark)
  public abstract static class Fixture {
    /** ONNX Runtime's threads per call for {@code rawOrt} and {@code monitored}; 0 = its choice. */
    @Param({"0"})
    public int intraOpThreads;

    final Queries.Zipf queries = new Queries.Zipf(42);

    String query() {
      return queries.next();
    }
  }

  /** LangChain4j's bundled quantized model, with its own session. */
  public static class LangChain4j extends Fixture {
    AllMiniLmL6V2QuantizedEmbeddingModel model;

    @Setup
    public void setUp() {
      model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }
  }

  /** A session and tokenizer used by hand, with the library's session options. */
  public static class RawOrt extends Fixture {
    OrtEnvironment env;
    OrtSession session;
    HuggingFaceTokenizer tokenizer;

    @Setup
    public void setUp() throws Exception {
      env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (intraOpThreads > 0) {
          options.setIntraOpNumThreads(intraOpThreads);
        }
        session = env.createSession(BenchmarkModels.bytes("all-minilm-l6-v2-q.onnx"), options);
      }
      tokenizer = HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(BenchmarkModels.bytes("all-minilm-l6-v2-q-tokenizer.json")), Map.of());
    }

    @TearDown
    public void tearDown() throws OrtException {
      session.close();
      tokenizer.close();
    }
  }

  /** The library's embedder without a cache. */
  public static class Monitored extends Fixture {
    TextEmbedder embedder;

    @Setup
    public void setUp() {
      embedder = embedder("monitored", intraOpThreads, null);
    }

    @TearDown
    public void tearDown() {
      embedder.close();
    }
  }

  /** The library's embedder with a warmed cache. */
  public static class Cached extends Fixture {
    TextEmbedder embedder;

    @Setup
    public void setUp() {
      embedder = embedder("cached", intraOpThreads, EmbeddingCache.caffeine(100_000));
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < WARM_DRAWS; i++) {
        seen.add(query());
      }
      embedder.embedAll(List.copyOf(seen));
    }

    @TearDown
    public void tearDown() {
      embedder.close();
    }
  }

  /**
   * Two of {@code langchain4j}, {@code rawOrt} and {@code monitored} in one fork, taking turns an
   * iteration each on one query sequence (see {@link Alternation}).
   */
  public static class Paired extends Fixture {
    @Param({"rawOrt"})
    public String baseline;

    @Param({"monitored"})
    public String candidate;

    Side baselineSide;
    Side candidateSide;
    private final List<Runnable> closers = new ArrayList<>();

    /** One way of embedding a query. */
    interface Side {
      float[] embed(String query) throws OrtException;
    }

    @Setup
    public void setUp() throws Exception {
      baselineSide = side(baseline);
      candidateSide = side(candidate);
    }

    private Side side(String name) throws Exception {
      switch (name) {
        case "langchain4j" -> {
          LangChain4j state = new LangChain4j();
          state.setUp();
          return query -> state.model.embed(query).content().vector();
        }
        case "rawOrt" -> {
          RawOrt state = new RawOrt();
          state.intraOpThreads = intraOpThreads;
          state.setUp();
          closers.add(() -> uncheckedClose(state));
          return query -> embedRaw(state, query);
        }
        case "monitored" -> {
          TextEmbedder embedder = embedder("monitored-" + closers.size(), intraOpThreads, null);
          closers.add(embedder::close);
          return embedder::embed;
        }
        default -> throw new IllegalArgumentException("no side " + name
            + " (langchain4j, rawOrt or monitored)");
      }
    }

    private static void uncheckedClose(RawOrt state) {
      try {
        state.tearDown();
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      }
    }

    @TearDown
    public void tearDown() {
      closers.forEach(Runnable::run);
    }
  }

  private static TextEmbedder embedder(String name, int intraOpThreads, EmbeddingCache cache) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var builder = TextEmbedder.builder(name)
        .model(MonitoredModel.builder(name) // the encoder's runs are measured too
            .modelBytes(BenchmarkModels.bytes("all-minilm-l6-v2-q.onnx"))
            .onnxOptions(OnnxOptions.builder().intraOpThreads(intraOpThreads).build())
            .metrics(registry))
        .tokenizer(Tokenizers.huggingFace(BenchmarkModels.bytes("all-minilm-l6-v2-q-tokenizer.json")))
        .metrics(registry);
    return (cache == null ? builder : builder.cache(cache)).build();
  }

  @Benchmark
  public float[] langchain4j(LangChain4j state) {
    return state.model.embed(state.query()).content().vector();
  }

  @Benchmark
  public float[] rawOrt(RawOrt state) throws OrtException {
    return embedRaw(state, state.query());
  }

  private static float[] embedRaw(RawOrt state, String query) throws OrtException {
    Encoding encoding = state.tokenizer.encode(query);
    long[] shape = {1, encoding.getIds().length};
    OrtEnvironment env = state.env;
    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getIds()), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getAttentionMask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getTypeIds()), shape);
        OrtSession.Result result = state.session.run(
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
  public float[] monitored(Monitored state) {
    return state.embedder.embed(state.query());
  }

  @Benchmark
  public float[] monitoredCachedZipf(Cached state) {
    return state.embedder.embed(state.query());
  }

  @Benchmark
  public float[] alternating(Paired state, Alternation alternation) throws OrtException {
    alternation.calls++;
    return (alternation.candidate() ? state.candidateSide : state.baselineSide)
        .embed(state.query());
  }
}
