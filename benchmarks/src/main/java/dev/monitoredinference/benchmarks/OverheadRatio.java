package dev.monitoredinference.benchmarks;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.annotations.Param;
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
 * model only). A benchmark with a {@code model} parameter is measured once per model (all of its
 * {@code @Param} values unless {@code model=} says which); one without (e.g. {@code
 * EmbeddingBenchmark}) once, on the row {@code -}.
 *
 * <p>Any two methods of one benchmark can be paired, including a method with itself: {@code
 * OverheadRatio 8 EmbeddingBenchmark rawOrt rawOrt} is a negative control, whose spread shows what
 * the machine's noise alone does to a ratio. Each round's two scores and ratio are printed as they
 * come. Each fork warms up {@code -Dratio.warmups=3} iterations and measures {@code
 * -Dratio.iterations=4}, each {@code -Dratio.seconds=1} long. With {@code -Dratio.metric=cpu} the
 * ratios are of the fork's CPU time per call ({@link CpuTimeProfiler}) instead of its wall time:
 * the work each side does, far less moved by other processes on the machine; with {@code
 * -Dratio.metric=caller}, of the calling threads' CPU time alone (what a call costs its own
 * thread, leaving out background threads such as an in-process Kafka broker).
 */
public final class OverheadRatio {
  /** The one row of a benchmark without a {@code model} parameter. */
  private static final List<String> NO_MODEL = List.of("-");

  private static final int SECONDS = Integer.getInteger("ratio.seconds", 1);

  /** Compare CPU time per call (the fork's, or its calling threads') instead of wall time. */
  private static final String METRIC = System.getProperty("ratio.metric", "wall");

  private static final boolean CPU = METRIC.equals("cpu") || METRIC.equals("caller");

  private OverheadRatio() {}

  public static void main(String[] args) throws RunnerException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    String benchmark = args.length > 3 ? args[1] : OverheadBenchmark.class.getSimpleName();
    String baseline = args.length > 3 ? args[2] : "raw";
    String candidate = args.length > 3 ? args[3] : "monitored";
    String prefix = OverheadRatio.class.getPackageName() + "." + benchmark + ".";
    List<String> params = new ArrayList<>();
    List<String> models = models(benchmark);
    for (int i = 4; i < args.length; i++) {
      if (args[i].startsWith("model=")) {
        if (models.equals(NO_MODEL)) {
          throw new IllegalArgumentException(benchmark + " has no model parameter, but got " + args[i]);
        }
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
        System.out.printf("  %-8s round %d: %.2f / %.2f us/op, ratio %.3f%n", model, round + 1,
            raw[round], monitored[round], ratios[round]);
      }
      double[] sortedRatios = ratios.clone();
      Arrays.sort(sortedRatios);
      System.out.printf("%-8s %16.2f %16.2f %10.3f %8.3f - %.3f%n", model, median(raw),
          median(monitored), median(ratios), sortedRatios[0], sortedRatios[rounds - 1]);
    }
  }

  /**
   * The values of the benchmark's {@code @Param model} (declared on it or on one of its state
   * classes), or {@link #NO_MODEL}.
   */
  static List<String> models(String benchmark) {
    Class<?> type;
    try {
      type = Class.forName(OverheadRatio.class.getPackageName() + "." + benchmark);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("no benchmark " + benchmark + " in "
          + OverheadRatio.class.getPackageName(), e);
    }
    List<Class<?>> types = new ArrayList<>(List.of(type));
    types.addAll(List.of(type.getDeclaredClasses()));
    for (Class<?> candidate : types) {
      for (Class<?> c = candidate; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          Param param = field.getAnnotation(Param.class);
          if (param != null && field.getName().equals("model")) {
            return List.of(param.value());
          }
        }
      }
    }
    return NO_MODEL;
  }

  private static double score(String method, String model, List<String> params)
      throws RunnerException {
    OptionsBuilder builder = new OptionsBuilder();
    if (!NO_MODEL.contains(model)) {
      builder.param("model", model);
    }
    for (String param : params) {
      String[] nameValue = param.split("=", 2);
      if (nameValue.length != 2) {
        throw new IllegalArgumentException("expected param=value after the benchmark's methods,"
            + " but got '" + param + "'");
      }
      builder.param(nameValue[0], nameValue[1]);
    }
    if (CPU) {
      builder.addProfiler(CpuTimeProfiler.class);
    }
    Options options =
        builder
            .include(method.replace(".", "\\.") + "$")
            .forks(1)
            .warmupIterations(Integer.getInteger("ratio.warmups", 3))
            .warmupTime(TimeValue.seconds(SECONDS))
            .measurementIterations(Integer.getInteger("ratio.iterations", 4))
            .measurementTime(TimeValue.seconds(SECONDS))
            .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
            .build();
    RunResult result = new Runner(options).run().iterator().next();
    return switch (METRIC) {
      case "cpu" -> result.getSecondaryResults().get("cpu.per.op").getScore();
      case "caller" -> result.getSecondaryResults().get("cpu.caller.per.op").getScore();
      default -> result.getPrimaryResult().getScore();
    };
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
