package dev.monitoredinference.examples;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The quick start: writes a small MLP ranker, loads it with {@code preferGpu(0)}, runs batches of
 * predictions plus one malformed call, and prints where the model runs, why it fell back if it
 * did, and the latency percentiles and counts the registry recorded.
 *
 * <p>Run: {@code mvn -q -pl monitored-inference-examples -am package exec:java -DskipTests}
 */
public final class QuickStart {
  private static final int FEATURES = 8;

  private QuickStart() {}

  public static void main(String[] args) throws IOException {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    run(System.out, DevicePolicy.preferGpu(0), calls, Path.of("target", "quickstart"));
  }

  /** Runs the quick start and returns the registry it recorded into. */
  static MeterRegistry run(PrintStream out, DevicePolicy device, int calls, Path workDir)
      throws IOException {
    Path modelFile = workDir.resolve("ranker.onnx");
    Files.createDirectories(workDir);
    Files.write(modelFile, TestModels.mlpRanker(FEATURES, 32, 2026).toBytes(1));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Percentiles are the application's choice (a library ships buckets only): turn them on here.
    registry.config().meterFilter(clientSidePercentiles());

    try (MonitoredModel model =
        MonitoredModel.builder("ranker").modelFile(modelFile).device(device).metrics(registry).build()) {
      ModelVersion version = model.version();
      out.println("monitored-inference quick start");
      out.printf("  model          %s version %s (%s)%n", version.modelName(), version.version(), version.digest());
      out.printf("  requested      %s%n", device);
      out.printf("  running on     %s%n", version.executionProvider().tagValue());
      out.printf("  fallback       %s%n", version.fallback().map(f -> f.from().tagValue() + " -> "
          + f.to().tagValue() + " (" + f.reason().tagValue() + "): " + abbreviate(f.cause())).orElse("none"));

      SplittableRandom random = new SplittableRandom(7);
      Prediction last = null;
      for (int i = 0; i < calls; i++) {
        last = model.predict(Inputs.of("features", batch(random, 1 + random.nextInt(16))));
      }
      out.printf("  last batch     %d rows, first scores %s%n",
          last == null ? 0 : last.shape("score")[0],
          last == null ? "-" : Arrays.toString(Arrays.copyOf(last.floatArray("score"), 3)));
      try {
        model.predict(Inputs.of("features", Tensor.ofDoubles(new double[FEATURES], 1, FEATURES)));
      } catch (InvalidInputException e) {
        out.printf("  rejected       %s%n", e.getMessage().replace("\n", " "));
      }

      out.println("  recorded");
      for (ErrorType type : ErrorType.values()) {
        long count = requestTimer(registry, type).count();
        if (count > 0) {
          out.printf("    calls error.type=%-15s %d%n", type.tagValue(), count);
        }
      }
      printPercentiles(out, "request.duration", requestTimer(registry, ErrorType.NONE));
      printPercentiles(out, "run.duration    ", registry.get("monitored.inference.run.duration")
          .tag("error.type", "none").timer());
    }
    return registry;
  }

  static Timer requestTimer(MeterRegistry registry, ErrorType type) {
    return registry.get("monitored.inference.request.duration").tag("error.type", type.tagValue()).timer();
  }

  private static Tensor batch(SplittableRandom random, int rows) {
    float[] values = new float[rows * FEATURES];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return Tensor.ofFloats(values, rows, FEATURES);
  }

  private static void printPercentiles(PrintStream out, String label, Timer timer) {
    StringBuilder line = new StringBuilder("    " + label);
    for (ValueAtPercentile percentile : timer.takeSnapshot().percentileValues()) {
      line.append(String.format("  p%.0f %.3f ms", percentile.percentile() * 100,
          percentile.value(TimeUnit.MILLISECONDS)));
    }
    out.println(line.append(String.format("  (n=%d)", timer.count())));
  }

  private static MeterFilter clientSidePercentiles() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("monitored.inference")) {
          return DistributionStatisticConfig.builder().percentiles(0.5, 0.95, 0.99).build().merge(config);
        }
        return config;
      }
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 157) + "...";
  }
}
