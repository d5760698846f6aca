package dev.monitoredinference.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link OverheadBenchmark} as interleaved rounds — raw, monitored, monitored, raw, … — one
 * short JMH fork each, and reports the median of the per-round ratios monitored/raw.
 *
 * <p>Why: on a shared virtual machine the speed drifts by tens of percent over minutes, and plain
 * JMH runs all forks of one method before the other, so drift shows up as "overhead". Pairing
 * neighbouring forks cancels most of it. Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.monitoredinference.benchmarks.OverheadRatio [rounds]}.
 */
public final class OverheadRatio {
  private OverheadRatio() {}

  public static void main(String[] args) throws RunnerException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    System.out.printf("%-8s %14s %14s %10s %18s%n", "model", "raw us/op", "monitored us/op",
        "ratio", "ratio range");
    for (String model : List.of("tiny", "minilm")) {
      double[] raw = new double[rounds];
      double[] monitored = new double[rounds];
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        boolean rawFirst = round % 2 == 0;
        double first = score(model, rawFirst ? "raw" : "monitored");
        double second = score(model, rawFirst ? "monitored" : "raw");
        raw[round] = rawFirst ? first : second;
        monitored[round] = rawFirst ? second : first;
        ratios[round] = monitored[round] / raw[round];
      }
      double[] sortedRatios = ratios.clone();
      Arrays.sort(sortedRatios);
      System.out.printf("%-8s %14.2f %14.2f %10.3f %8.3f - %.3f%n", model, median(raw),
          median(monitored), median(ratios), sortedRatios[0], sortedRatios[rounds - 1]);
    }
  }

  private static double score(String model, String method) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(OverheadBenchmark.class.getName() + "." + method + "$")
            .param("model", model)
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(4)
            .measurementTime(TimeValue.seconds(1))
            .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    return results.iterator().next().getPrimaryResult().getScore();
  }

  private static double median(double[] values) {
    List<Double> sorted = new ArrayList<>();
    for (double value : values) {
      sorted.add(value);
    }
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
