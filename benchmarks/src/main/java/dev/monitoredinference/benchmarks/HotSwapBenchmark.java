package dev.monitoredinference.benchmarks;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.authentication.HmacBearerTokens;
import dev.monitoredinference.onnx.OnnxOptions;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.VersionPin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Latency of {@link MonitoredModel#predict} on the tiny ranker in steady state ({@code steady})
 * and while a background thread promotes between two versions every {@code swapEveryMs}
 * milliseconds ({@code swapping}: each promote loads, checks and warms up the other version, swaps
 * atomically and drains the old one). {@code canary} sends half of the calls to the other
 * version, with the default comparison sample (10 % of canary calls also run on the baseline, off
 * the caller's thread): the cost of a running trial. Sample mode reports p50/p99 for each from the
 * same run; quote them as ratios over steady.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotSwapBenchmark {
  @Param({"steady", "swapping", "canary"})
  public String traffic;

  @Param({"50"})
  public int swapEveryMs;

  private Path root;
  private MonitoredModel model;
  private Inputs inputs;
  private Thread swapper;
  private volatile boolean stop;
  private volatile long swaps;
  private final HmacBearerTokens tokens =
      HmacBearerTokens.create("the benchmark's admin token secret".getBytes(StandardCharsets.UTF_8));

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    root = Files.createTempDirectory("hot-swap-benchmark");
    write("1", TestModels.mlpRanker(16, 32, 1).toBytes(1));
    write("2", TestModels.mlpRanker(16, 32, 2).toBytes(1));
    inputs = BenchmarkModels.fixture("tiny").inputs();
    model = MonitoredModel.builder("tiny")
        .repository(ModelRepository.directory(root), VersionPin.exact("1"))
        .onnxOptions(OnnxOptions.builder().intraOpThreads(1).build())
        .admin(tokens, AdminAuthorizer.principals(Set.of("bench")), AuditLog.inMemory(Clock.systemUTC()))
        .drainTimeout(Duration.ofSeconds(5))
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .build();
    if (traffic.equals("canary")) {
      model.deployer().canary(admin(), "2", 0.5); // comparisons at the default 10 % sample
    }
    if (traffic.equals("swapping")) {
      swapper = new Thread(this::swapUntilStopped, "hot-swap-benchmark-swapper");
      swapper.setDaemon(true);
      swapper.start();
    }
  }

  /** A fresh single-use admin token: admin calls are authenticated. */
  private AdminCredential admin() {
    return AdminCredential.bearer(tokens.issue("bench", Duration.ofMinutes(1)));
  }

  private void write(String version, byte[] onnx) throws Exception {
    Path directory = Files.createDirectories(root.resolve("tiny").resolve(version));
    Files.write(directory.resolve("model.onnx"), onnx);
    Files.writeString(directory.resolve("model.sha256"), sha256(onnx));
  }

  private void swapUntilStopped() {
    while (!stop) {
      model.deployer().promote(admin(), swaps % 2 == 0 ? "2" : "1");
      swaps++;
      try {
        Thread.sleep(swapEveryMs); // the swap cadence, not a wait for a result
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    stop = true;
    if (swapper != null) {
      swapper.join();
      System.out.println("swaps: " + swaps);
    }
    model.close();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  public Prediction predict() {
    return model.predict(inputs);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
