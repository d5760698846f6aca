package dev.monitoredinference.benchmarks;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.validation.InputSchema;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
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
 * The library's own cost per call, without ONNX Runtime's noise: the same fake runtime called
 * directly ({@code runtimeAlone}) and through {@link MonitoredModel#predict} with both metrics
 * timers on a Prometheus registry and the default validation ({@code throughChain}), the
 * signature check only ({@code throughChainSignatureOnly}) or a full schema ({@code
 * throughChainFullSchema}). The differences are what monitoring and validation add to any
 * model's latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ChainOverheadBenchmark {
  private FakeModelRuntime runtime;
  private MonitoredModel model;
  private MonitoredModel signatureOnly;
  private MonitoredModel fullSchema;
  private Inputs inputs;

  @Setup
  public void setUp() {
    ModelVersion version =
        ModelVersion.builder("ranker", "1")
            .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 16))
            .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
            .build();
    Map<String, Tensor> answer = Map.of("score", Tensor.ofFloats(new float[] {0.5f}, 1, 1));
    runtime = FakeModelRuntime.of(version, in -> answer);
    inputs = Inputs.of("features", Tensor.ofFloats(new float[16], 1, 16));
    model =
        MonitoredModel.builder("ranker")
            .runtime(FakeModelRuntime.of(version, in -> answer))
            .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .build();
    signatureOnly =
        MonitoredModel.builder("ranker")
            .runtime(FakeModelRuntime.of(version, in -> answer))
            .validate(InputSchema.signatureOnly())
            .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .build();
    fullSchema =
        MonitoredModel.builder("ranker")
            .runtime(FakeModelRuntime.of(version, in -> answer))
            .validate(InputSchema.fromModel().range("features", -10, 10).maxBatch(512).maxElements(1 << 20))
            .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .build();
  }

  @TearDown
  public void tearDown() {
    model.close();
    signatureOnly.close();
    fullSchema.close();
  }

  @Benchmark
  public Prediction runtimeAlone() {
    return runtime.run(inputs);
  }

  /** The defaults: metrics, signature check, NaN/Inf check, output guard. */
  @Benchmark
  public Prediction throughChain() {
    return model.predict(inputs);
  }

  /** Metrics and the signature check only. */
  @Benchmark
  public Prediction throughChainSignatureOnly() {
    return signatureOnly.predict(inputs);
  }

  /** Metrics and the tiny model's full schema: NaN/Inf, range, batch and element limits. */
  @Benchmark
  public Prediction throughChainFullSchema() {
    return fullSchema.predict(inputs);
  }
}
