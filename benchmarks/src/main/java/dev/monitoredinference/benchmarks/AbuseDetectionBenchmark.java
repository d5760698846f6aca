package dev.monitoredinference.benchmarks;

import dev.monitoredinference.CallOptions;
import dev.monitoredinference.CallerId;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.abuse.AbuseConfig;
import dev.monitoredinference.abuse.Enforcement;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What abuse detection costs the caller's thread: a fake ranker (16 features in, a score out) with
 * a Prometheus registry, called through {@link MonitoredModel#predict(Inputs, CallOptions)} by
 * 1,000 rotating callers, without detection ({@code withoutDetection}), with it observing ({@code
 * withDetection}) and with it enforcing {@code REFUSE} (a flag check per call, nobody flagged:
 * {@code withDetectionEnforcing}). The difference is the inline cost: the table look-up, the rate
 * count, the copy of the row and its hand-off. Judging runs on the detector's thread, which
 * cannot keep up with a benchmark loop: queries it had no room for are dropped (and counted) and
 * the tear-down prints how many, since a dropped query skips the hand-off. On a machine with two
 * cores that thread (busy because the loop outpaces it) competes with the caller's, so each
 * iteration also prints the caller thread's own CPU time per call ({@code ThreadMXBean}), the
 * figure that is not inflated by waiting for a core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AbuseDetectionBenchmark {
  private static final int CALLERS = 1_000;

  private MonitoredModel plain;
  private MonitoredModel observing;
  private MonitoredModel enforcing;
  private Inputs inputs;
  private CallOptions[] options;
  private int next;
  private long ops;
  private long cpuStart;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  @Setup(Level.Trial)
  public void setUp() {
    ModelVersion version = ModelVersion.builder("tiny", "1")
        .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 16))
        .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
        .build();
    Map<String, Tensor> answer = Map.of("score", Tensor.ofFloats(new float[] {0.5f}, 1, 1));
    float[] features = new float[16];
    for (int i = 0; i < features.length; i++) {
      features[i] = i / 16f;
    }
    inputs = Inputs.of("features", Tensor.ofFloats(features, 1, 16));
    options = new CallOptions[CALLERS];
    for (int i = 0; i < CALLERS; i++) {
      options[i] = CallOptions.ofDefaults().caller(CallerId.of("caller-" + i));
    }
    plain = builder(version, answer).build();
    observing = builder(version, answer).abuse(AbuseConfig.ofDefaults().flooding(Integer.MAX_VALUE,
        java.time.Duration.ofMinutes(1))).build();
    enforcing = builder(version, answer).abuse(AbuseConfig.ofDefaults().flooding(Integer.MAX_VALUE,
        java.time.Duration.ofMinutes(1)).enforcement(Enforcement.REFUSE)).build();
  }

  private static MonitoredModelBuilder builder(ModelVersion version, Map<String, Tensor> answer) {
    return MonitoredModel.builder("tiny")
        .runtime(FakeModelRuntime.of(version, in -> answer))
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Runs on the (single) benchmark thread, like the calls it brackets. */
  @Setup(Level.Iteration)
  public void startIteration() {
    ops = 0;
    cpuStart = threads.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    System.out.printf(" [caller-thread CPU %.0f ns/op] ",
        (threads.getCurrentThreadCpuTime() - cpuStart) / (double) Math.max(1, ops));
  }

  private CallOptions nextCaller() {
    ops++;
    int i = next + 1;
    next = i == CALLERS ? 0 : i;
    return options[next];
  }

  @Benchmark
  public Prediction withoutDetection() {
    return plain.predict(inputs, nextCaller());
  }

  @Benchmark
  public Prediction withDetection() {
    return observing.predict(inputs, nextCaller());
  }

  @Benchmark
  public Prediction withDetectionEnforcing() {
    return enforcing.predict(inputs, nextCaller());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%nabuse detection: observing tracked %d callers, dropped %d queries; enforcing dropped %d%n",
        observing.abuse().trackedCallers(), observing.abuse().dropped(), enforcing.abuse().dropped());
    plain.close();
    observing.close();
    enforcing.close();
  }
}
