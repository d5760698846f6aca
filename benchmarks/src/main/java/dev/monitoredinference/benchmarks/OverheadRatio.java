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
 * Runs two methods of a benchmark as interleaved rounds — baseline, candidate, candidate,
 * baseline, … — one short JMH fork each, for both models, and reports the median of the per-round
 * ratios candidate/baseline.
 *
 * <p>Why: on a shared virtual machine the speed drifts by tens of percent over minutes, and plain
 * JMH runs all forks of one method before the other, so drift shows up as "overhead". Pairing
 * neighbouring forks cancels most of it. Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.monitoredinference.benchmarks.OverheadRatio [rounds [benchmark baseline candidate
 * [param=value ...]]]}, by default {@code 6 OverheadBenchmark raw monitored}; each {@code
 * param=value} fixes one more {@code @Param} of the benchmark ({@code model=tiny} runs one
 * model only).
 */
public final class OverheadRatio {
  private OverheadRatio() {}

  public static void main(String[] args) throws RunnerException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    String benchmark = args.length > 3 ? args[1] : OverheadBenchmark.class.getSimpleName();
    String baseline = args.length > 3 ? args[2] : "raw";
    String candidate = args.length > 3 ? args[3] : "monitored";
    String prefix = OverheadRatio.class.getPackageName() + "." + benchmark + ".";
    List<String> params = new ArrayList<>();
    List<String> models = List.of("tiny", "minilm");
    for (int i = 4; i < args.length; i++) {
      if (args[i].startsWith("model=")) {
        models = List.of(args[i].substring("model=".length()).split(","));
      } else {
        params.add(args[i]);
      }
    }
    System.out.printf("%-8s %16s %16s %10s %18s%n", "model", baseline + " us/op",
        candidate + " us/op", "ratio", "ratio range");
    for (String model : models) {
      double[] raw = new double[rounds];
      double[] monitored = new double[rounds];
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        boolean rawFirst = round % 2 == 0;
        double first = score(prefix + (rawFirst ? baseline : candidate), model, params);
        double second = score(prefix + (rawFirst ? candidate : baseline), model, params);
        raw[round] = rawFirst ? first : second;
        monitored[round] = rawFirst ? second : first;
        ratios[round] = monitored[round] / raw[round];
      }
      double[] sortedRatios = ratios.clone();
      Arrays.sort(sortedRatios);
      System.out.printf("%-8s %16.2f %16.2f %10.3f %8.3f - %.3f%n", model, median(raw),
          median(monitored), median(ratios), sortedRatios[0], sortedRatios[rounds - 1]);
    }
  }

  private static double score(String method, String model, List<String> params)
      throws RunnerException {
    OptionsBuilder builder = new OptionsBuilder();
    for (String param : params) {
      String[] nameValue = param.split("=", 2);
      if (nameValue.length != 2) {
        throw new IllegalArgumentException("expected param=value after the benchmark's methods,"
            + " but got '" + param + "'");
      }
      builder.param(nameValue[0], nameValue[1]);
    }
    Options options =
        builder
            .include(method.replace(".", "\\.") + "$")
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
