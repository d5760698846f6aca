package dev.monitoredinference.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.admission.AdmissionConfig;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.onnx.OnnxOptions;
import dev.monitoredinference.otel.InferenceTelemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * What monitoring costs per call: {@code raw} runs the inputs straight through an {@link
 * OrtSession} (tensors created and closed per call, outputs copied to arrays), {@code monitored}
 * runs the same inputs through {@link MonitoredModel#predict} with the metrics interceptor on a
 * Prometheus registry. Compare the two as a ratio from the same run; {@code alternating} compares
 * {@code raw} with another method in one fork (see {@link Turns} and {@link Alternation}).
 *
 * <ul>
 *   <li>{@code tiny}: a generated 16→32→1 MLP ranker, one {@code [1, 16]} float row
 *   <li>{@code minilm}: the real all-MiniLM-L6-v2 (quantized) encoder, one fixed tokenized query
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class OverheadBenchmark {
  @Param({"tiny", "minilm"})
  public String model;

  private OrtEnvironment env;
  private OrtSession.SessionOptions options;
  private OrtSession session;
  private Map<String, Tensor> tensors;
  private MonitoredModel monitored;
  private MonitoredModel tracedNoop;
  private MonitoredModel tracedSdk;
  private MonitoredModel guarded;
  private OpenTelemetrySdk sdk;
  private Inputs inputs;

  @Setup
  public void setUp() throws Exception {
    BenchmarkModels.Fixture fixture = BenchmarkModels.fixture(model);
    byte[] bytes = fixture.bytes();
    inputs = fixture.inputs();
    tensors = new LinkedHashMap<>(inputs.asMap());
    env = OrtEnvironment.getEnvironment();
    // One intra-op thread on both sides: on a small machine ORT's default pool (all cores,
    // spinning) makes run-to-run noise larger than the difference being measured.
    options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    session = env.createSession(bytes, options);
    monitored = monitored(bytes, null);
    tracedNoop = monitored(bytes, Tracing.noop());
    sdk = Tracing.sdk();
    tracedSdk = monitored(bytes, InferenceTelemetry.create(sdk).interceptor());
    guarded = MonitoredModel.builder(model)
        .modelBytes(bytes)
        .onnxOptions(OnnxOptions.builder().intraOpThreads(1).build())
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .admission(AdmissionConfig.maxConcurrent(8).maxQueue(32).queueTimeout(Duration.ofMillis(20)))
        .circuitBreaker(CircuitBreakerConfig.ofDefaults())
        .build();
  }

  private MonitoredModel monitored(byte[] bytes, InferenceInterceptor tracing) {
    MonitoredModelBuilder builder =
        MonitoredModel.builder(model)
            .modelBytes(bytes)
            .onnxOptions(OnnxOptions.builder().intraOpThreads(1).build())
            .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    return (tracing == null ? builder : builder.addInterceptor(tracing)).build();
  }

  @TearDown
  public void tearDown() throws OrtException {
    monitored.close();
    tracedNoop.close();
    tracedSdk.close();
    guarded.close();
    sdk.close();
    session.close();
    options.close();
  }

  /** The method {@link #alternating} compares with {@link #raw}, one of this benchmark's others. */
  @State(Scope.Benchmark)
  public static class Turns {
    @Param({"monitoredWithAdmissionAndBreaker"})
    public String candidate;
  }

  /** {@link #raw} and {@code turns.candidate} in turns, an iteration each, in one fork. */
  @Benchmark
  public Object alternating(Turns turns, Alternation alternation) throws OrtException {
    alternation.calls++;
    if (!alternation.candidate()) {
      return raw();
    }
    return switch (turns.candidate) {
      case "monitored" -> monitored();
      case "monitoredWithAdmissionAndBreaker" -> monitoredWithAdmissionAndBreaker();
      case "monitoredWithNoopTracing" -> monitoredWithNoopTracing();
      case "monitoredWithSdkTracing" -> monitoredWithSdkTracing();
      case "raw" -> raw(); // a negative control
      default -> throw new IllegalArgumentException("no method " + turns.candidate);
    };
  }

  /** The baseline: ONNX Runtime alone, with the same per-call work of tensors in and arrays out. */
  @Benchmark
  public Object raw() throws OrtException {
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (Map.Entry<String, Tensor> input : tensors.entrySet()) {
        Tensor tensor = input.getValue();
        OnnxTensor created = tensor.type() == ElementType.FLOAT
            ? OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor.floatArray()), tensor.shape())
            : OnnxTensor.createTensor(env, LongBuffer.wrap(tensor.longArray()), tensor.shape());
        feed.put(input.getKey(), created);
      }
      try (OrtSession.Result result = session.run(feed)) {
        Object last = null;
        for (Map.Entry<String, OnnxValue> output : result) {
          FloatBuffer values = ((OnnxTensor) output.getValue()).getFloatBuffer();
          float[] copy = new float[values.remaining()];
          values.get(copy);
          last = copy;
        }
        return last;
      }
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /** The same call through MonitoredModel with metrics on. */
  @Benchmark
  public Prediction monitored() {
    return monitored.predict(inputs);
  }

  /** {@link #monitored()} plus admission control and a (closed) circuit breaker. */
  @Benchmark
  public Prediction monitoredWithAdmissionAndBreaker() {
    return guarded.predict(inputs);
  }

  /** {@link #monitored()} plus the tracing interceptor, with no SDK configured. */
  @Benchmark
  public Prediction monitoredWithNoopTracing() {
    return tracedNoop.predict(inputs);
  }

  /** {@link #monitored()} plus tracing through a real SDK: sampled spans, batch processor. */
  @Benchmark
  public Prediction monitoredWithSdkTracing() {
    return tracedSdk.predict(inputs);
  }
}
