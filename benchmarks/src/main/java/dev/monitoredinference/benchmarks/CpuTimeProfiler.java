package dev.monitoredinference.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
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
 * drift thread, JIT and GC), as the secondary result {@code cpu.per.op} in µs. Use: {@code -prof
 * dev.monitoredinference.benchmarks.CpuTimeProfiler}.
 *
 * <p>Why: wall time per call on a shared 2-core machine moves by tens of percent when another
 * process runs; the CPU a call burns moves far less, because time spent waiting for a core is not
 * counted. It measures work, not latency: with ONNX Runtime's spinning intra-op workers ({@code
 * intraOpThreads=0} on several cores) it also counts their spinning, so compare work with {@code
 * intraOpThreads=1}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long startNanos;

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    startNanos = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - startNanos;
    long ops = Math.max(1, result.getMetadata().getMeasuredOps());
    return List.of(new ScalarResult("cpu.per.op", cpuNanos / 1e3 / ops, "us/op",
        AggregationPolicy.AVG));
  }
}
