package dev.monitoredinference.benchmarks;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.Tokenizers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 16 caller threads embedding distinct queries with the real MiniLM encoder (no cache), each call
 * alone ({@code unbatched}) or grouped by the micro-batcher ({@code batched}: up to 16 per run,
 * 2 ms delay). Throughput mode gives items/s; {@code -bm sample} gives p99 at the same load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(16)
@Fork(1)
public class BatchingBenchmark {
  private List<String> queries;
  private final AtomicInteger next = new AtomicInteger();
  private TextEmbedder unbatched;
  private TextEmbedder batched;

  @Setup
  public void setUp() {
    queries = Queries.distinct();
    byte[] model = BenchmarkModels.bytes("all-minilm-l6-v2-q.onnx");
    byte[] tokenizerJson = BenchmarkModels.bytes("all-minilm-l6-v2-q-tokenizer.json");
    unbatched = TextEmbedder.builder("unbatched")
        .model(MonitoredModel.builder("unbatched").modelBytes(model))
        .tokenizer(Tokenizers.huggingFace(tokenizerJson))
        .build();
    batched = TextEmbedder.builder("batched")
        .model(MonitoredModel.builder("batched").modelBytes(model))
        .tokenizer(Tokenizers.huggingFace(tokenizerJson))
        .batching(BatchingConfig.maxBatch(16).maxDelay(Duration.ofMillis(2)))
        .build();
  }

  @TearDown
  public void tearDown() {
    unbatched.close();
    batched.close();
  }

  private String query() {
    return queries.get(Math.floorMod(next.getAndIncrement(), queries.size()));
  }

  @Benchmark
  public float[] unbatched() {
    return unbatched.embed(query());
  }

  @Benchmark
  public float[] batched() {
    return batched.embed(query());
  }
}
