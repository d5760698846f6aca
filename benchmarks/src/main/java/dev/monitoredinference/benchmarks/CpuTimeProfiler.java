package dev.monitoredinference.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The forked JVM's CPU time per operation, all of its threads (callers, ONNX Runtime's pool, the
 * drift thread, JIT and GC), as the secondary result {@code cpu.per.op} in µs, and that of JMH's
 * calling threads alone as {@code cpu.caller.per.op}. Use: {@code -prof
 * dev.monitoredinference.benchmarks.CpuTimeProfiler}.
 *
 * <p>Why: wall time per call on a shared 2-core machine moves by tens of percent when another
 * process runs; the CPU a call burns moves far less, because time spent waiting for a core is not
 * counted. It measures work, not latency: with ONNX Runtime's spinning intra-op workers ({@code
 * intraOpThreads=0} on several cores) it also counts their spinning, so compare work with {@code
 * intraOpThreads=1}. The callers' share is what a call costs its own thread, without the work
 * other threads in the fork do meanwhile (e.g. a Kafka broker that in production runs elsewhere).
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long startNanos;
  private long callerStartNanos;

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    startNanos = os.getProcessCpuTime();
    callerStartNanos = callerCpuNanos();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - startNanos;
    long callerNanos = callerCpuNanos() - callerStartNanos;
    long ops = Math.max(1, result.getMetadata().getMeasuredOps());
    return List.of(
        new ScalarResult("cpu.per.op", cpuNanos / 1e3 / ops, "us/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.caller.per.op", callerNanos / 1e3 / ops, "us/op",
            AggregationPolicy.AVG));
  }

  /** CPU time of JMH's worker threads, which live across the iterations of a fork. */
  private long callerCpuNanos() {
    long total = 0;
    for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (thread != null && thread.getThreadName().contains("jmh-worker")) {
        total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
      }
    }
    return total;
  }
}
