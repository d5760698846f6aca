package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.testing.FakeModelRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CH-3: shutdown under load refuses new calls, drains the running ones, closes exactly once. */
class ShutdownTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void underLoad_shutdownRefusesNewCalls_drainsTheRunningOnes_andClosesExactlyOnce() throws Exception {
    FakeModelRuntime runtime = Fakes.ranker(inputs -> {
      LockSupport.parkNanos(50_000);
      return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
    });
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
    AtomicLong served = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong attempted = new AtomicLong();
    List<Future<?>> callers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      callers.add(pool.submit(() -> {
        while (true) {
          attempted.incrementAndGet();
          try {
            model.predict(Fakes.ONE_ROW);
            served.incrementAndGet();
          } catch (ModelClosedException e) {
            refused.incrementAndGet();
            return;
          }
        }
      }));
    }
    Poll.until(() -> runtime.calls() >= 500);

    assertThat(model.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(runtime.closes()).isEqualTo(1);
    assertThat(runtime.running()).isZero();
    for (Future<?> caller : callers) {
      caller.get(10, TimeUnit.SECONDS);
    }
    assertThat(refused.get()).isEqualTo(16);
    assertThat(served.get() + refused.get()).isEqualTo(attempted.get());
    assertThat(runtime.calls()).isEqualTo(served.get());
    assertThat(runtime.closes()).isEqualTo(1);
    assertThat(runtime.closesWhileRunning()).isZero();
    assertThat(runtime.callsAfterClose()).isZero();
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
        .isInstanceOf(ModelClosedException.class).hasMessage("model 'ranker' is closed and accepts no more calls");
  }

  @Test
  void runsStillGoingAtTheTimeout_areTerminated_andTheRuntimeClosesWhenTheyReturn() throws Exception {
    FakeModelRuntime runtime = FakeModelRuntime.controlled(Fakes.RANKER_V7, (inputs, control) -> {
      while (!control.isTerminated()) {
        LockSupport.parkNanos(100_000);
      }
      throw new ModelExecutionException("ranker", "7", "run", new IllegalStateException("terminated"));
    });
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
    CompletableFuture<Prediction> stuck = CompletableFuture.supplyAsync(() -> model.predict(Fakes.ONE_ROW), pool);
    Poll.until(() -> runtime.running() == 1);

    assertThat(model.shutdown(Duration.ofMillis(20))).isFalse();
    assertThat(runtime.terminateRequests()).isEqualTo(1);
    assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(ModelClosedException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(ModelExecutionException.class));
    Poll.until(() -> runtime.closes() == 1);
    assertThat(runtime.closesWhileRunning()).isZero();
    assertThat(model.shutdown(Duration.ZERO)).isTrue(); // idempotent: nothing left to wait for
    assertThat(runtime.closes()).isEqualTo(1);
  }

  @Test
  void aNegativeTimeout_isRefused() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build();
    assertThatThrownBy(() -> model.shutdown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be >= 0, but was PT-1S");
    assertThat(model.isClosed()).isFalse();
  }
}
