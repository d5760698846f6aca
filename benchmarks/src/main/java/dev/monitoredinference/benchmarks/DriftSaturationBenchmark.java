package dev.monitoredinference.benchmarks;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the tiny ranker (see {@link DriftBenchmark}) with every core busy: {@value
 * #CALLERS} caller threads predicting at once, drift off vs on. On a machine with fewer cores than
 * callers the drift thread competes with them for CPU, so what it does per call shows up as lost
 * throughput. Each trial prints the calls the drift monitor dropped (queue full) and shed (over
 * its CPU budget on a saturated machine). Pair neighbouring
 * forks with {@code OverheadRatio 6 DriftSaturationBenchmark driftOff driftOn}: the ratio is
 * on/off throughput, so 0.95 is a 5 % loss.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(DriftSaturationBenchmark.CALLERS)
public class DriftSaturationBenchmark {
  static final int CALLERS = 4;

  /** The model, shared by the callers. */
  @State(Scope.Benchmark)
  public abstract static class Fixture {
    /** ONNX Runtime's threads per call: one, so that the callers alone fill the cores. */
    @Param({"1"})
    public int intraOpThreads;

    final Inputs[] rows = DriftBenchmark.rows(4096);
    MonitoredModel model;

    abstract boolean drift();

    @Setup
    public void setUp() {
      model = DriftBenchmark.tiny(drift(), 1, intraOpThreads);
    }

    @TearDown
    public void tearDown() {
      System.out.printf("%ndrift %s: %d dropped, %d shed%n", drift(), model.drift().dropped(),
          model.drift().shed());
      model.close();
    }
  }

  /** Drift off. */
  public static class Off extends Fixture {
    @Override
    boolean drift() {
      return false;
    }
  }

  /** Drift on, every call offered. */
  public static class On extends Fixture {
    @Override
    boolean drift() {
      return true;
    }
  }

  /** Each caller's own position in the rows. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;

    Inputs next(Inputs[] rows) {
      next = (next + 1) & (rows.length - 1);
      return rows[next];
    }
  }

  @Benchmark
  public Object driftOff(Off off, Cursor cursor) {
    return off.model.predict(cursor.next(off.rows));
  }

  @Benchmark
  public Object driftOn(On on, Cursor cursor) {
    return on.model.predict(cursor.next(on.rows));
  }
}
