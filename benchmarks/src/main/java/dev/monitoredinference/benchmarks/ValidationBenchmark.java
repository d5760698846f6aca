package dev.monitoredinference.benchmarks;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.onnx.OnnxOptions;
import dev.monitoredinference.validation.InputSchema;
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
 * What input validation costs: the same model and inputs with {@code InputSchema.signatureOnly()}
 * ({@code signatureOnly}) and with a full schema ({@code validated}): NaN/Inf, range, batch and
 * element limits for {@code tiny}; token-id range, attention-mask agreement, sequence and batch
 * limits and the output guard for {@code minilm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ValidationBenchmark {
  @Param({"tiny", "minilm"})
  public String model;

  private MonitoredModel plain;
  private MonitoredModel checked;
  private Inputs inputs;

  @Setup
  public void setUp() {
    BenchmarkModels.Fixture fixture = BenchmarkModels.fixture(model);
    inputs = fixture.inputs();
    InputSchema schema = model.equals("tiny")
        ? InputSchema.fromModel().range("features", -10, 10).maxBatch(512).maxElements(1 << 20)
        : InputSchema.fromModel().tokenIds("input_ids", 30522)
            .attentionMask("attention_mask", "input_ids").maxSequenceLength(256).maxBatch(64);
    OnnxOptions oneThread = OnnxOptions.builder().intraOpThreads(1).build();
    plain = MonitoredModel.builder(model).modelBytes(fixture.bytes()).onnxOptions(oneThread)
        .validate(InputSchema.signatureOnly()).build();
    checked = MonitoredModel.builder(model).modelBytes(fixture.bytes()).onnxOptions(oneThread)
        .validate(schema).build();
  }

  @TearDown
  public void tearDown() {
    plain.close();
    checked.close();
  }

  @Benchmark
  public Prediction signatureOnly() {
    return plain.predict(inputs);
  }

  @Benchmark
  public Prediction validated() {
    return checked.predict(inputs);
  }
}
