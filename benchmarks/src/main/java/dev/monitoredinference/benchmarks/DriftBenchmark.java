package dev.monitoredinference.benchmarks;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
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
 * </ul>
 *
 * Both with metrics on a Prometheus registry and the default 10,000-row baseline capture; the
 * drift thread runs beside the caller, so on a machine with few cores its CPU use shows up in the
 * caller's time too. Calls the drift queue dropped are printed at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DriftBenchmark {
  private static final int FEATURES = 32;

  @Param({"tiny", "minilm"})
  public String model;

  private MonitoredModel tinyOff;
  private MonitoredModel tinyOn;
  private TextEmbedder minilmOff;
  private TextEmbedder minilmOn;
  private Inputs[] rows;
  private String[] queries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    if (model.equals("tiny")) {
      byte[] model = TestModels.mlpRanker(FEATURES, 32, 1).toBytes(1);
      rows = rows(4096);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < FEATURES; i++) {
        names.add("f" + i);
      }
      tinyOff = MonitoredModel.builder("tiny").modelBytes(model).metrics(registry()).build();
      tinyOn = MonitoredModel.builder("tiny").modelBytes(model).metrics(registry())
          .drift(DriftConfig.builder().features("features", names).outputs("score")
              .baseline(Baseline.capture(10_000)).build())
          .build();
    } else {
      byte[] model = BenchmarkModels.bytes("all-minilm-l6-v2-q.onnx");
      byte[] tokenizer = BenchmarkModels.bytes("all-minilm-l6-v2-q-tokenizer.json");
      queries = Queries.zipf(1 << 16, 42);
      minilmOff = TextEmbedder.builder("minilm")
          .model(MonitoredModel.builder("minilm").modelBytes(model))
          .tokenizer(Tokenizers.huggingFace(tokenizer)).metrics(registry()).build();
      minilmOn = TextEmbedder.builder("minilm")
          .model(MonitoredModel.builder("minilm").modelBytes(model))
          .tokenizer(Tokenizers.huggingFace(tokenizer)).metrics(registry())
          .drift(DriftConfig.builder().embedding("embedding")
              .baseline(Baseline.capture(10_000)).build())
          .build();
    }
  }

  private static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  private static Inputs[] rows(int count) {
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

  @TearDown(Level.Trial)
  public void tearDown() {
    if (tinyOn != null) {
      System.out.println("\ndrift dropped " + tinyOn.drift().dropped() + " tiny calls");
      tinyOff.close();
      tinyOn.close();
    } else {
      System.out.println("\ndrift dropped " + minilmOn.drift().dropped() + " minilm calls");
      minilmOff.close();
      minilmOn.close();
    }
  }

  @Benchmark
  public Object driftOff() {
    return model.equals("tiny") ? tinyOff.predict(row()) : minilmOff.embed(query());
  }

  @Benchmark
  public Object driftOn() {
    return model.equals("tiny") ? tinyOn.predict(row()) : minilmOn.embed(query());
  }

  private Inputs row() {
    next = (next + 1) & (rows.length - 1);
    return rows[next];
  }

  private String query() {
    next = (next + 1) & (queries.length - 1);
    return queries[next];
  }
}
