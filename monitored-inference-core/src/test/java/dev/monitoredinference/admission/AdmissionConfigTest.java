package dev.monitoredinference.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Fakes;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionConfigTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger entered = new AtomicInteger();

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
  }

  /** A runtime whose calls hold their slot until the test releases them. */
  private FakeModelRuntime blocking() {
    return Fakes.heldUntil(release, entered::incrementAndGet);
  }

  private double rejections(String reason) {
    return registry.get("monitored.inference.rejections").tags("model", "ranker", "reason", reason).counter().count();
  }

  @Test
  void limit8_queue0_28Callers_exactly20AreRejectedAtOnce() throws Exception {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(blocking())
        .admission(AdmissionConfig.maxConcurrent(8)).metrics(registry).build();
    List<Future<Prediction>> calls = new ArrayList<>();
    for (int i = 0; i < 28; i++) {
      calls.add(pool.submit(() -> model.predict(Fakes.ONE_ROW)));
    }
    AtomicInteger refused = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (refused.get() < 20 && System.nanoTime() < deadline) {
      refused.set((int) calls.stream().filter(Future::isDone).count());
      Thread.onSpinWait();
    }
    assertThat(entered).hasValue(8);
    assertThat(refused).hasValue(20);
    release.countDown();
    int served = 0;
    for (Future<Prediction> call : calls) {
      try {
        call.get(10, TimeUnit.SECONDS);
        served++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ModelOverloadedException.class)
            .hasMessage("model 'ranker' refused a call (overloaded): all 8 slots busy and 0 calls waiting");
      }
    }
    assertThat(served).isEqualTo(8);
    assertThat(rejections("overloaded")).isEqualTo(20);
    assertThat(registry.get("monitored.inference.request.duration").tag("error.type", "overloaded").timer().count())
        .isEqualTo(20);
    model.close();
  }

  @Test
  void aQueuedCall_timesOut_orGetsTheFreedSlot() throws Exception {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(blocking())
        .admission(AdmissionConfig.maxConcurrent(1).maxQueue(1).queueTimeout(Duration.ofMillis(50)))
        .metrics(registry).build();
    CompletableFuture<Prediction> first = CompletableFuture.supplyAsync(() -> model.predict(Fakes.ONE_ROW), pool);
    while (entered.get() < 1) {
      Thread.onSpinWait();
    }
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
        .isInstanceOfSatisfying(ModelOverloadedException.class,
            e -> assertThat(e.reason()).isEqualTo(ModelOverloadedException.Reason.QUEUE_TIMEOUT))
        .hasMessage("model 'ranker' refused a call (queue_timeout): no slot of 1 freed within 50 ms");
    assertThat(rejections("queue_timeout")).isEqualTo(1);

    MonitoredModel patient = MonitoredModel.builder("patient").runtime(Fakes.summingRanker())
        .admission(AdmissionConfig.maxConcurrent(1).maxQueue(1).queueTimeout(Duration.ofSeconds(10)))
        .build();
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).floatArray("score")).containsExactly(1f);
    assertThat(patient.predict(Fakes.ONE_ROW).floatArray("score")).containsExactly(0.8f);
    model.close();
    patient.close();
  }

  @Test
  void underHeavyLoad_inFlightNeverExceedsTheLimit_andEveryCallIsAccounted() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    FakeModelRuntime runtime = Fakes.ranker(inputs -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Thread.yield();
      inFlight.decrementAndGet();
      return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
    });
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime)
        .admission(AdmissionConfig.maxConcurrent(4).maxQueue(8).queueTimeout(Duration.ofMillis(1)))
        .metrics(registry).build();
    AtomicLong accepted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    List<Future<?>> threads = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      threads.add(pool.submit(() -> {
        for (int i = 0; i < 1000; i++) {
          try {
            model.predict(Fakes.ONE_ROW);
            accepted.incrementAndGet();
          } catch (ModelOverloadedException e) {
            rejected.incrementAndGet();
          }
        }
      }));
    }
    for (Future<?> thread : threads) {
      thread.get(60, TimeUnit.SECONDS);
    }
    assertThat(maxInFlight.get()).isBetween(1, 4);
    assertThat(accepted.get() + rejected.get()).isEqualTo(100_000);
    assertThat(runtime.calls()).isEqualTo(accepted.get());
    assertThat(rejections("overloaded") + rejections("queue_timeout")).isEqualTo(rejected.get());
    model.close();
  }

  @Test
  void settings_areCheckedAtOnce() {
    assertThatThrownBy(() -> AdmissionConfig.maxConcurrent(0)).hasMessage("maxConcurrent must be > 0, but was 0");
    assertThatThrownBy(() -> AdmissionConfig.maxConcurrent(1).maxQueue(-1)).hasMessage("maxQueue must be >= 0, but was -1");
    assertThatThrownBy(() -> AdmissionConfig.maxConcurrent(1).queueTimeout(Duration.ofMillis(-1)))
        .hasMessage("queueTimeout must be >= 0, but was PT-0.001S");
  }
}
