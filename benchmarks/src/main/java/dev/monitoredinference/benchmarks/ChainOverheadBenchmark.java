package dev.monitoredinference.benchmarks;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.admission.AdmissionConfig;
import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.drift.DriftConfigBuilder;
import dev.monitoredinference.otel.InferenceTelemetry;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.validation.InputSchema;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The library's own cost per call, without ONNX Runtime's noise: a fake runtime with the inputs
 * and outputs of the {@code tiny} ranker or of {@code minilm} (three {@code [1, 9]} id tensors in,
 * {@code [1, 9, 384]} floats out), called directly ({@code runtimeAlone}) and through {@link
 * MonitoredModel#predict} with both metrics timers on a Prometheus registry and the default
 * validation ({@code throughChain}), the signature check only ({@code throughChainSignatureOnly})
 * or the model's full schema ({@code throughChainFullSchema}); with admission, anomaly detection
 * ({@code throughChainWithAnomalies}), a circuit breaker ({@code throughChainWithBreaker}), drift
 * ({@code throughChainWithDrift}) or a
 * per-call deadline, which hands the run to a worker thread ({@code throughChainWithDeadline}).
 * The differences are what monitoring, validation and the stability features add to any model's
 * latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ChainOverheadBenchmark {
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  @Param({"tiny", "minilm"})
  public String shape;

  private FakeModelRuntime runtime;
  private MonitoredModel model;
  private MonitoredModel signatureOnly;
  private MonitoredModel fullSchema;
  private MonitoredModel admitted;
  private MonitoredModel watched;
  private MonitoredModel breaker;
  private MonitoredModel drifting;
  private MonitoredModel tracedNoop;
  private MonitoredModel tracedSdk;
  private OpenTelemetrySdk sdk;
  private Inputs inputs;

  @Setup
  public void setUp() {
    boolean tiny = shape.equals("tiny");
    ModelVersion.Builder version = ModelVersion.builder(shape, "1");
    Map<String, Tensor> answer;
    InputSchema schema;
    if (tiny) {
      version.input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 16))
          .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1));
      inputs = Inputs.of("features", Tensor.ofFloats(new float[16], 1, 16));
      answer = Map.of("score", Tensor.ofFloats(new float[] {0.5f}, 1, 1));
      schema = InputSchema.fromModel().range("features", -10, 10).maxBatch(512).maxElements(1 << 20);
    } else {
      Map<String, long[]> tokens = Map.of(
          "input_ids", new long[] {101, 2417, 2770, 6007, 2005, 4446, 2770, 2770, 102},
          "attention_mask", new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1},
          "token_type_ids", new long[9]);
      Inputs.Builder ids = Inputs.builder();
      for (String name : BenchmarkModels.MINILM_INPUTS) {
        ids.put(name, Tensor.ofLongs(tokens.get(name), 1, 9));
      }
      BenchmarkModels.withMiniLmSignature(version);
      inputs = ids.build();
      answer = Map.of("last_hidden_state", Tensor.ofFloats(new float[9 * 384], 1, 9, 384));
      schema = InputSchema.fromModel().tokenIds("input_ids", 30522)
          .attentionMask("attention_mask", "input_ids").maxSequenceLength(256).maxBatch(64);
    }
    ModelVersion built = version.build();
    runtime = FakeModelRuntime.of(built, in -> answer);
    model = monitored(built, answer, InputSchema.fromModel());
    signatureOnly = monitored(built, answer, InputSchema.signatureOnly());
    fullSchema = monitored(built, answer, schema);
    admitted = MonitoredModel.builder(shape)
        .runtime(FakeModelRuntime.of(built, in -> answer))
        .admission(AdmissionConfig.maxConcurrent(64).maxQueue(64).queueTimeout(Duration.ofMillis(10)))
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .build();
    watched = MonitoredModel.builder(shape)
        .runtime(FakeModelRuntime.of(built, in -> answer))
        .anomalies(AnomalyConfig.ofDefaults().window(Duration.ofSeconds(1)))
        .alertListener(alert -> {})
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .build();
    breaker = MonitoredModel.builder(shape)
        .runtime(FakeModelRuntime.of(built, in -> answer))
        .circuitBreaker(CircuitBreakerConfig.ofDefaults())
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .build();
    DriftConfigBuilder drift = DriftConfig.builder();
    if (tiny) {
      List<String> columns = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        columns.add("f" + i);
      }
      drift.features("features", columns).outputs("score");
    } else {
      drift.categorical("input_ids");
    }
    drifting = MonitoredModel.builder(shape)
        .runtime(FakeModelRuntime.of(built, in -> answer))
        .drift(drift.build())
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .build();
    sdk = Tracing.sdk();
    tracedNoop = monitored(built, answer, InputSchema.fromModel(), Tracing.noop());
    tracedSdk = monitored(built, answer, InputSchema.fromModel(), InferenceTelemetry.create(sdk).interceptor());
  }

  private MonitoredModel monitored(
      ModelVersion version, Map<String, Tensor> answer, InputSchema schema, InferenceInterceptor... app) {
    MonitoredModelBuilder builder = MonitoredModel.builder(shape)
        .runtime(FakeModelRuntime.of(version, in -> answer))
        .validate(schema)
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    for (InferenceInterceptor interceptor : app) {
      builder.addInterceptor(interceptor);
    }
    return builder.build();
  }

  @TearDown
  public void tearDown() {
    model.close();
    signatureOnly.close();
    fullSchema.close();
    admitted.close();
    watched.close();
    breaker.close();
    System.out.println("\ndrift dropped " + drifting.drift().dropped() + " calls");
    drifting.close();
    tracedNoop.close();
    tracedSdk.close();
    sdk.close();
  }

  @Benchmark
  public Prediction runtimeAlone() {
    return runtime.run(inputs);
  }

  /** The defaults: metrics, signature check, NaN/Inf check of float inputs, output guard. */
  @Benchmark
  public Prediction throughChain() {
    return model.predict(inputs);
  }

  /** Metrics and the signature check only. */
  @Benchmark
  public Prediction throughChainSignatureOnly() {
    return signatureOnly.predict(inputs);
  }

  /** The defaults plus admission control (a permit taken and returned per call). */
  @Benchmark
  public Prediction throughChainWithAdmission() {
    return admitted.predict(inputs);
  }

  /**
   * The defaults plus anomaly detection: two ticker reads and one counter per call, and a window
   * closed (three signals judged) by the first call of each 1 s window.
   */
  @Benchmark
  public Prediction throughChainWithAnomalies() {
    return watched.predict(inputs);
  }

  /** The defaults plus a closed circuit breaker (a volatile read before, a short lock after). */
  @Benchmark
  public Prediction throughChainWithBreaker() {
    return breaker.predict(inputs);
  }

  /**
   * The defaults plus drift: the caller copies the watched values ({@code tiny}: 16 feature
   * columns and the score; {@code minilm}: the 9 token ids as categories) onto the drift queue;
   * the drift thread sketches them beside it.
   */
  @Benchmark
  public Prediction throughChainWithDrift() {
    return drifting.predict(inputs);
  }

  /** The defaults with a per-call deadline: the run is handed to a worker, the caller waits. */
  @Benchmark
  public Prediction throughChainWithDeadline() {
    return model.predict(inputs, DEADLINE);
  }

  /** The defaults plus the tracing interceptor, with no SDK configured. */
  @Benchmark
  public Prediction throughChainWithNoopTracing() {
    return tracedNoop.predict(inputs);
  }

  /** The defaults plus tracing through a real SDK: sampled spans, batch processor. */
  @Benchmark
  public Prediction throughChainWithSdkTracing() {
    return tracedSdk.predict(inputs);
  }

  /** Metrics and the model's full schema. */
  @Benchmark
  public Prediction throughChainFullSchema() {
    return fullSchema.predict(inputs);
  }
}
