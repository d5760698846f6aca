package dev.monitoredinference.benchmarks;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.TextEmbedderBuilder;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.onnx.OnnxOptions;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * What drift costs the caller's thread, drift off vs on, in one run:
 *
 * <ul>
 *   <li>{@code tiny}: a generated 32→32→1 MLP ranker on ONNX Runtime, one row of 32 features per
 *       call; drift watches the 32 feature columns and the {@code score} output
 *   <li>{@code minilm}: the real all-MiniLM-L6-v2 (quantized) {@code TextEmbedder}, no cache, one
 *       Zipf-drawn query per call; drift watches the 384-d embedding (centroid + 16 projections)
 *   <li>{@code minilm-fake-encoder} (not run by default; {@code -p model=minilm-fake-encoder}):
 *       the same embedder with a fake encoder, to time drift's share of the caller's thread
 * </ul>
 *
 * Both with metrics on a Prometheus registry and the default 10,000-row baseline capture. Each
 * method has its own state, so a fork builds only the model it calls (two ONNX Runtime sessions
 * with their own thread pools in one fork would disturb each other). The drift thread runs beside
 * the caller, so on a machine with few cores its CPU use shows up in the caller's time too. Each
 * iteration prints the drift thread's CPU time per call (the work taken off the caller's thread;
 * the baseline's capture and freeze fall into the warm-up), each trial its calls and the calls
 * the drift queue dropped. Run it with {@code
 * OverheadRatio 6 DriftBenchmark driftOff driftOn} to pair neighbouring forks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DriftBenchmark {
  private static final int FEATURES = 32;
  private static final String FAKE_ENCODER = "minilm-fake-encoder";

  /** One model, with or without drift, and a rotating supply of its inputs. */
  @State(Scope.Benchmark)
  public abstract static class Fixture {
    @Param({"tiny", "minilm"})
    public String model;

    /** ONNX Runtime's threads per call; 0 lets it decide (one per core). */
    @Param({"0"})
    public int intraOpThreads;

    /** The share of calls drift sketches. */
    @Param({"1"})
    public double sampleRate;

    private MonitoredModel tiny;
    private TextEmbedder minilm;
    private Inputs[] rows;
    private String[] queries;
    private int next;
    private long calls;
    private long iterationCalls;
    private long iterationCpu;

    abstract boolean drift();

    @Setup(Level.Trial)
    public void setUp() {
      if (model.equals("tiny")) {
        rows = rows(4096);
        tiny = tiny(drift(), sampleRate, intraOpThreads);
      } else {
        queries = Queries.zipf(1 << 16, 42);
        PrometheusMeterRegistry registry = registry();
        MonitoredModelBuilder encoder = MonitoredModel.builder("minilm").metrics(registry);
        if (model.equals(FAKE_ENCODER)) {
          encoder.runtime(fakeEncoder());
        } else {
          encoder.modelBytes(BenchmarkModels.bytes("all-minilm-l6-v2-q.onnx"))
              .onnxOptions(options());
        }
        TextEmbedderBuilder builder = TextEmbedder.builder("minilm")
            .model(encoder)
            .tokenizer(Tokenizers.huggingFace(
                BenchmarkModels.bytes("all-minilm-l6-v2-q-tokenizer.json")))
            .metrics(registry);
        if (drift()) {
          builder.drift(DriftConfig.builder().embedding("embedding")
              .baseline(Baseline.capture(10_000)).sampleRate(sampleRate).build());
        }
        minilm = builder.build();
      }
    }

    private OnnxOptions options() {
      return OnnxOptions.builder().intraOpThreads(intraOpThreads).build();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      iterationCalls = calls;
      iterationCpu = driftThreadCpuNanos();
    }

    /** The drift thread's CPU per call in this iteration: the work taken off the caller. */
    @TearDown(Level.Iteration)
    public void endIteration() {
      if (drift()) {
        System.out.printf(" [drift thread %.0f ns CPU per call] ",
            (double) (driftThreadCpuNanos() - iterationCpu) / (calls - iterationCalls));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      long dropped = tiny != null ? tiny.drift().dropped() : minilm.drift().dropped();
      System.out.printf("%ndrift %s: %d %s calls, %d dropped%n", drift(), calls, model, dropped);
      if (tiny != null) {
        tiny.close();
      } else {
        minilm.close();
      }
    }

    Object call() {
      calls++;
      if (tiny != null) {
        next = (next + 1) & (rows.length - 1);
        return tiny.predict(rows[next]);
      }
      next = (next + 1) & (queries.length - 1);
      return minilm.embed(queries[next]);
    }
  }

  /** Drift off: no drift link at all. */
  @State(Scope.Benchmark)
  public static class Off extends Fixture {
    @Override
    boolean drift() {
      return false;
    }
  }

  /** Drift on. */
  @State(Scope.Benchmark)
  public static class On extends Fixture {
    @Override
    boolean drift() {
      return true;
    }
  }

  /**
   * Drift off and on in one fork, taking turns an iteration each ({@link Alternation}): each side
   * has its own model, built with the same parameters.
   */
  @State(Scope.Benchmark)
  public static class Both {
    @Param({"tiny", "minilm"})
    public String model;

    @Param({"0"})
    public int intraOpThreads;

    @Param({"1"})
    public double sampleRate;

    final Off off = new Off();
    final On on = new On();

    @Setup(Level.Trial)
    public void setUp() {
      for (Fixture side : List.of(off, on)) {
        side.model = model;
        side.intraOpThreads = intraOpThreads;
        side.sampleRate = sampleRate;
        side.setUp();
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      off.tearDown();
      on.tearDown();
    }
  }

  /** CPU time the drift thread has used so far: the work taken off the caller's thread. */
  private static long driftThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("monitored-inference-drift-")) {
        total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
      }
    }
    return total;
  }

  /**
   * MiniLM's signature answered with zeros and no ONNX Runtime, for {@code -p
   * model=minilm-fake-encoder}: the embedder's own cost per call (tokenizing, pooling, the chain),
   * so drift's share of the caller's thread is not lost in the encoder's noise.
   */
  private static FakeModelRuntime fakeEncoder() {
    ModelVersion version =
        BenchmarkModels.withMiniLmSignature(ModelVersion.builder("minilm", "fake")).build();
    return FakeModelRuntime.of(version, inputs -> {
      Tensor ids = inputs.tensor(0);
      int batch = (int) ids.dimension(0);
      int tokens = (int) ids.dimension(1);
      return Map.of("last_hidden_state",
          Tensor.ofFloats(new float[batch * tokens * 384], batch, tokens, 384));
    });
  }

  /**
   * The tiny ranker (32 features, metrics on a Prometheus registry), with drift on its features
   * and score if {@code drift}, sketching {@code sampleRate} of its calls.
   */
  static MonitoredModel tiny(boolean drift, double sampleRate, int intraOpThreads) {
    MonitoredModelBuilder builder = MonitoredModel.builder("tiny")
        .modelBytes(TestModels.mlpRanker(FEATURES, 32, 1).toBytes(1)).metrics(registry())
        .onnxOptions(OnnxOptions.builder().intraOpThreads(intraOpThreads).build());
    if (drift) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < FEATURES; i++) {
        names.add("f" + i);
      }
      builder.drift(DriftConfig.builder().features("features", names).outputs("score")
          .baseline(Baseline.capture(10_000)).sampleRate(sampleRate).build());
    }
    return builder.build();
  }

  private static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** {@code count} seeded rows of {@value #FEATURES} Gaussian features. */
  static Inputs[] rows(int count) {
    SplittableRandom random = new SplittableRandom(3);
    Inputs[] inputs = new Inputs[count];
    for (int i = 0; i < count; i++) {
      float[] row = new float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        row[j] = (float) random.nextGaussian();
      }
      inputs[i] = Inputs.of("features", Tensor.ofFloats(row, 1, FEATURES));
    }
    return inputs;
  }

  @Benchmark
  public Object driftOff(Off off) {
    return off.call();
  }

  @Benchmark
  public Object driftOn(On on) {
    return on.call();
  }

  @Benchmark
  public Object alternating(Both both, Alternation alternation) {
    alternation.calls++;
    return alternation.candidate() ? both.on.call() : both.off.call();
  }
}
