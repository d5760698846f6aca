package dev.monitoredinference.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Two sides of a comparison taking turns in one fork, one iteration each: measured iterations run
 * baseline, candidate, baseline, …, and each candidate iteration's time per call is divided by
 * each of the baseline iterations either side, which cancels a steady drift. The median of those
 * ratios, for wall time and for the calling thread's CPU time, is printed at the end of the fork.
 * Dividing by the mean of both neighbours instead read 1 – 2 % low: iteration times are skewed
 * (now and then a slow one), and a mean of two is pulled up by a slow neighbour more often than a
 * single iteration is; the same side on both turns read 0.97 – 0.98. Each single ratio is as likely
 * above 1 as below when both sides are alike.
 *
 * <p>Why: on this 2-vCPU machine a tiny model's call differs by tens of percent from one fork to
 * the next (JIT decisions, where the session's memory landed), so a few percent cannot be seen
 * between forks, however they are interleaved; within a fork both sides share all of that. A
 * benchmark method takes this state, adds one to {@link #calls} per call and runs the candidate
 * side while {@link #candidate()}; JMH runs the fixtures here on the calling thread. Run an odd
 * number of measured iterations (3 or more). JMH's own score for such a method mixes both sides:
 * read the printed line instead (which side is which: the fork's parameters).
 */
@State(Scope.Benchmark)
public class Alternation {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<double[]> measured = new ArrayList<>(); // wall and CPU ns per call
  private boolean candidate;
  private boolean measuring;
  private long startNanos;
  private long startCpuNanos;

  /** Calls made in the current iteration; the benchmark method adds one per call. */
  long calls;

  /** Whether this iteration runs the candidate side. */
  boolean candidate() {
    return candidate;
  }

  /** Picks this iteration's side and starts its clocks. */
  @Setup(Level.Iteration)
  public void start(IterationParams iteration) {
    measuring = iteration.getType() == IterationType.MEASUREMENT;
    candidate = measuring ? measured.size() % 2 == 1 : !candidate;
    calls = 0;
    startCpuNanos = threads.getCurrentThreadCpuTime();
    startNanos = System.nanoTime();
  }

  /** Stops the clocks and keeps a measured iteration's figures. */
  @TearDown(Level.Iteration)
  public void end() {
    long nanos = System.nanoTime() - startNanos;
    long cpuNanos = threads.getCurrentThreadCpuTime() - startCpuNanos;
    if (measuring) {
      measured.add(new double[] {(double) nanos / calls, (double) cpuNanos / calls});
    }
  }

  /** Whether the current iteration is a measured candidate iteration. */
  boolean measuredCandidate() {
    return measuring && candidate;
  }

  /** Prints candidate/baseline at the end of the fork: medians and ranges. */
  @TearDown(Level.Trial)
  public void print() {
    System.out.printf("  candidate/baseline per call, %d candidate iterations against each"
        + " neighbour: wall %s, calling thread's CPU %s%n", (measured.size() - 1) / 2, ratio(0),
        ratio(1));
  }

  private String ratio(int column) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 1; i + 1 < measured.size(); i += 2) {
      ratios.add(measured.get(i)[column] / measured.get(i - 1)[column]);
      ratios.add(measured.get(i)[column] / measured.get(i + 1)[column]);
    }
    if (ratios.isEmpty()) {
      return "none (measure 3 or more iterations)";
    }
    ratios.sort(null);
    int n = ratios.size();
    double median = n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    return String.format("%.3f (%.3f - %.3f)", median, ratios.get(0), ratios.get(n - 1));
  }
}
