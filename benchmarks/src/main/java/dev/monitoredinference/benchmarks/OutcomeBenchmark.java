package dev.monitoredinference.benchmarks;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.outcomes.Outcome;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.OutcomeTracker;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the outcome tracker costs the application's thread, one thread, default config (top 10,
 * at most 200,000 lists held):
 *
 * <ul>
 *   <li>{@code prediction}: the baseline, building a prediction and formatting its id, which the
 *       application pays anyway (the model's call, the id sent to the client); the prediction is
 *       returned, so that it is allocated here as in the methods that hand it to the tracker
 *   <li>{@code served}: the baseline plus serving a list of 10 items; the table is at its cap, so
 *       each served list also pushes one out and settles it
 *   <li>{@code servedAndClicked}: the baseline plus a served list and one click on it
 *   <li>{@code record}: one outcome credited on one of 200,000 held lists (click, add to cart or
 *       purchase on one of its items; after 6 million distinct ones they repeat as duplicates)
 * </ul>
 *
 * The tracker's own cost is a method's figure less {@code prediction}'s. Run with {@code -prof
 * gc} for the bytes allocated per call ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OutcomeBenchmark {
  private static final int HELD = 200_000;
  private static final List<String> ITEMS = List.of("sku-100231", "sku-220871", "sku-310044",
      "sku-412290", "sku-500013", "sku-633321", "sku-700452", "sku-812003", "sku-901774",
      "sku-100999");
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final ModelVersion VERSION = ModelVersion.builder("ranker", "7")
      .digest("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
      .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
      .build();

  /** A tracker filled to its cap for serving, and one holding 200,000 lists for recording. */
  @State(Scope.Thread)
  public static class Fixture {
    OutcomeTracker serving;
    OutcomeTracker recording;
    String[] held;
    int next;

    @Setup(Level.Trial)
    public void trackers() {
      serving = OutcomeTracker.create(OutcomeConfig.ofDefaults());
      recording = OutcomeTracker.create(OutcomeConfig.ofDefaults());
      held = new String[HELD];
      for (int i = 0; i < HELD; i++) {
        serving.served(Prediction.builder(VERSION).build(), ITEMS);
        Prediction p = Prediction.builder(VERSION).build();
        recording.served(p, ITEMS);
        held[i] = p.id();
      }
    }
  }

  @Benchmark
  public Prediction prediction() {
    Prediction p = Prediction.builder(VERSION).build();
    p.id();
    return p; // kept, as the application keeps it to read its outputs
  }

  @Benchmark
  public String served(Fixture f) {
    Prediction p = Prediction.builder(VERSION).build();
    String id = p.id();
    f.serving.served(p, ITEMS);
    return id;
  }

  @Benchmark
  public String servedAndClicked(Fixture f) {
    Prediction p = Prediction.builder(VERSION).build();
    String id = p.id();
    f.serving.served(p, ITEMS);
    f.serving.record(id, ITEMS.get(f.next++ % 10), Outcome.CLICK);
    return id;
  }

  @Benchmark
  public void record(Fixture f) {
    int i = f.next++;
    int item = i / HELD;
    f.recording.record(f.held[i % HELD], ITEMS.get(item % 10), OUTCOMES[(item / 10) % 3], 19.99);
  }
}
