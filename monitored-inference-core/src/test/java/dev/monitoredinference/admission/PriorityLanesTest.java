package dev.monitoredinference.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Fakes;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Poll;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Priority;
import dev.monitoredinference.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two admission lanes: batch calls absorb the overload, interactive calls keep their slots. */
class PriorityLanesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger entered = new AtomicInteger();

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
  }

  private static boolean refused(Future<Prediction> call) {
    try {
      call.get(10, TimeUnit.SECONDS);
      return false;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ModelOverloadedException.class);
      return true;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void batchFlood_fillsOnlyItsLane_andInteractiveCallsStillGetTheKeptSlots() throws Exception {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.heldUntil(release, entered::incrementAndGet))
        .admission(AdmissionConfig.maxConcurrent(4).batchLane(2, 0)).metrics(registry).build();
    List<Future<Prediction>> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(pool.submit(() -> model.predict(Fakes.ONE_ROW, Priority.BATCH)));
    }
    Poll.until(() -> batch.stream().filter(Future::isDone).count() == 8 && entered.get() == 2);

    List<Future<Prediction>> interactive = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      interactive.add(pool.submit(() -> model.predict(Fakes.ONE_ROW)));
    }
    Poll.until(() -> entered.get() == 4); // the two slots the lane cannot take
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
        .isInstanceOfSatisfying(ModelOverloadedException.class, e -> assertThat(e.priority()).isEqualTo(Priority.INTERACTIVE))
        .hasMessage("model 'ranker' refused a call (overloaded): all 4 slots busy and 0 calls waiting");
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Priority.BATCH))
        .isInstanceOfSatisfying(ModelOverloadedException.class, e -> assertThat(e.priority()).isEqualTo(Priority.BATCH))
        .hasMessage("model 'ranker' refused a batch call (overloaded): all 2 batch-lane slots busy and 0 batch-lane"
            + " calls waiting");

    release.countDown();
    assertThat(batch.stream().filter(PriorityLanesTest::refused).count()).isEqualTo(8);
    assertThat(interactive.stream().filter(PriorityLanesTest::refused).count()).isZero();
    assertThat(registry.get("monitored.inference.rejections").tags("model", "ranker", "reason", "overloaded")
        .counter().count()).isEqualTo(10);
    model.close();
  }

  @Test
  void overloadByBatch_zeroInteractiveRejections_theBatchLaneAbsorbsIt() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger runningBatch = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger maxRunningBatch = new AtomicInteger();
    ThreadLocal<Boolean> isBatch = ThreadLocal.withInitial(() -> false); // runs happen on the caller's thread
    MonitoredModel model = MonitoredModel.builder("ranker")
        .runtime(Fakes.ranker(inputs -> {
          boolean batchCall = isBatch.get();
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          if (batchCall) {
            maxRunningBatch.accumulateAndGet(runningBatch.incrementAndGet(), Math::max);
          }
          LockSupport.parkNanos(1_000_000); // the model's work: 1 ms
          if (batchCall) {
            runningBatch.decrementAndGet();
          }
          running.decrementAndGet();
          return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
        }))
        .admission(AdmissionConfig.maxConcurrent(8).queueTimeout(Duration.ofMillis(5)).batchLane(4, 4))
        .build();
    int callsPerThread = 300;
    AtomicInteger batchAccepted = new AtomicInteger();
    AtomicInteger batchRejected = new AtomicInteger();
    AtomicInteger interactiveRejected = new AtomicInteger();
    long[][] interactiveNanos = new long[4][callsPerThread];
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> threads = new ArrayList<>();
    for (int t = 0; t < 16; t++) { // the batch flood: 16 callers for 4 lane slots and 4 waiting places
      threads.add(pool.submit(() -> {
        isBatch.set(true);
        start.await();
        for (int i = 0; i < callsPerThread; i++) {
          try {
            model.predict(Fakes.ONE_ROW, Priority.BATCH);
            batchAccepted.incrementAndGet();
          } catch (ModelOverloadedException e) {
            batchRejected.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (int t = 0; t < 4; t++) { // interactive traffic within the 4 slots the lane cannot take
      long[] nanos = interactiveNanos[t];
      threads.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < callsPerThread; i++) {
          long begin = System.nanoTime();
          try {
            model.predict(Fakes.ONE_ROW);
          } catch (ModelOverloadedException e) {
            interactiveRejected.incrementAndGet();
          }
          nanos[i] = System.nanoTime() - begin;
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> thread : threads) {
      thread.get(60, TimeUnit.SECONDS);
    }

    long[] latencies = Arrays.stream(interactiveNanos).flatMapToLong(Arrays::stream).sorted().toArray();
    long p99Micros = latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1_000;
    System.out.printf("priority lanes: interactive p99 %d µs over %d calls; batch %d accepted, %d refused%n",
        p99Micros, latencies.length, batchAccepted.get(), batchRejected.get());
    assertThat(interactiveRejected).hasValue(0);
    assertThat(batchRejected.get()).isPositive();
    assertThat(batchAccepted.get() + batchRejected.get()).isEqualTo(16 * callsPerThread);
    assertThat(maxRunningBatch.get()).isLessThanOrEqualTo(4);
    assertThat(maxRunning.get()).isLessThanOrEqualTo(8);
    assertThat(p99Micros).as("interactive p99 in µs, for a 1 ms run that never waits for a slot").isLessThan(50_000);
    model.close();
  }

  @Test
  void withoutABatchLane_batchCallsAreAdmittedLikeTheRest() throws Exception {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.heldUntil(release, entered::incrementAndGet))
        .admission(AdmissionConfig.maxConcurrent(2)).build();
    List<Future<Prediction>> calls = List.of(pool.submit(() -> model.predict(Fakes.ONE_ROW, Priority.BATCH)),
        pool.submit(() -> model.predict(Fakes.ONE_ROW, Priority.BATCH)));
    Poll.until(() -> entered.get() == 2);

    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).isInstanceOf(ModelOverloadedException.class);
    release.countDown();
    assertThat(calls.stream().filter(PriorityLanesTest::refused).count()).isZero();
    model.close();
  }

  @Test
  void batchLane_mustLeaveInteractiveCallsASlot() {
    assertThatThrownBy(() -> AdmissionConfig.maxConcurrent(4).batchLane(4, 0))
        .hasMessage("batchLane maxConcurrent must be in [1, 3] so that interactive calls keep a slot of the 4, but was 4");
    assertThatThrownBy(() -> AdmissionConfig.maxConcurrent(4).batchLane(2, -1))
        .hasMessage("batchLane maxQueue must be >= 0, but was -1");
    assertThat(AdmissionConfig.maxConcurrent(8).maxQueue(2).batchLane(4, 1).queueTimeout(Duration.ofMillis(3)))
        .hasToString("maxConcurrent 8, maxQueue 2, queueTimeout 3 ms, batch lane 4 + 1 waiting");
  }
}
