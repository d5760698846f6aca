package dev.monitoredinference.benchmarks;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.onnx.OnnxOptions;
import dev.monitoredinference.spring.boot.observation.DefaultInferenceObservationConvention;
import dev.monitoredinference.spring.boot.observation.ObservingInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * What the Spring Boot starter's Observation per call costs: {@code monitored} is a model with
 * metrics (as in {@link OverheadBenchmark}), the others add the starter's {@link
 * ObservingInterceptor} on an {@link ObservationRegistry} set up as a Boot application has it:
 *
 * <ul>
 *   <li>{@code observedNoHandlers}: a registry with no handler (Observations are no-ops);
 *   <li>{@code observed}: Boot's default without tracing, the meter handler with the starter's
 *       {@code MeterFilter} denying its timers;
 *   <li>{@code observedWithTracing}: that plus micrometer-tracing's handler over the OTel bridge
 *       and a real SDK (every span sampled, batched, dropped by the exporter).
 * </ul>
 *
 * Compare pairs with {@link OverheadRatio}, e.g. {@code OverheadRatio 6 ObservationBenchmark
 * monitored observedWithTracing}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ObservationBenchmark {
  @Param({"tiny", "minilm"})
  public String model;

  private Inputs inputs;
  private OpenTelemetrySdk sdk;
  private MonitoredModel monitored;
  private MonitoredModel observedNoHandlers;
  private MonitoredModel observed;
  private MonitoredModel observedWithTracing;

  @Setup
  public void setUp() {
    BenchmarkModels.Fixture fixture = BenchmarkModels.fixture(model);
    inputs = fixture.inputs();
    byte[] bytes = fixture.bytes();
    sdk = Tracing.sdk();
    monitored = model(bytes, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null);
    observedNoHandlers = model(bytes, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        ObservationRegistry.create());
    MeterRegistry meters = bootsMeterRegistry();
    observed = model(bytes, meters, withMeterHandler(meters));
    MeterRegistry tracedMeters = bootsMeterRegistry();
    ObservationRegistry traced = withMeterHandler(tracedMeters);
    OtelCurrentTraceContext context = new OtelCurrentTraceContext();
    traced.observationConfig().observationHandler(new DefaultTracingObservationHandler(
        new OtelTracer(sdk.getTracer("benchmark"), context, event -> {})));
    observedWithTracing = model(bytes, tracedMeters, traced);
  }

  /** A meter registry with the starter's filter: no timers derived from the Observation. */
  private static MeterRegistry bootsMeterRegistry() {
    MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(
        MeterFilter.denyNameStartsWith(DefaultInferenceObservationConvention.NAME));
    return registry;
  }

  private static ObservationRegistry withMeterHandler(MeterRegistry meters) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return registry;
  }

  private MonitoredModel model(byte[] bytes, MeterRegistry meters,
      @Nullable ObservationRegistry observations) {
    MonitoredModelBuilder builder = MonitoredModel.builder(model)
        .modelBytes(bytes)
        .onnxOptions(OnnxOptions.builder().intraOpThreads(1).build())
        .metrics(meters);
    if (observations != null) {
      builder.addInterceptor(new ObservingInterceptor(observations, null));
    }
    return builder.build();
  }

  @TearDown
  public void tearDown() {
    monitored.close();
    observedNoHandlers.close();
    observed.close();
    observedWithTracing.close();
    sdk.close();
  }

  /** The baseline: metrics, no Observation. */
  @Benchmark
  public Prediction monitored() {
    return monitored.predict(inputs);
  }

  /** Plus the observing interceptor on a registry with no handler. */
  @Benchmark
  public Prediction observedNoHandlers() {
    return observedNoHandlers.predict(inputs);
  }

  /** Plus the observing interceptor with Boot's meter handler (its timers denied). */
  @Benchmark
  public Prediction observed() {
    return observed.predict(inputs);
  }

  /** Plus micrometer-tracing's handler: a span per call through the OTel SDK. */
  @Benchmark
  public Prediction observedWithTracing() {
    return observedWithTracing.predict(inputs);
  }
}
