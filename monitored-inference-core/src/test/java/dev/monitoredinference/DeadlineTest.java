package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.admission.AdmissionConfig;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);

  @AfterEach
  void releaseRuns() {
    release.countDown();
  }

  /** A run stuck in native code: it ignores termination until the test releases it. */
  private FakeModelRuntime stuck() {
    return Fakes.heldUntil(release, entered::countDown);
  }

  private double rejections(String reason) {
    return registry.get("monitored.inference.rejections").tags("model", "ranker", "reason", reason).counter().count();
  }

  @Test
  void aRunIgnoringTermination_failsTheCallerAtTheDeadline_andKeepsItsPermitUntilItReturns() {
    FakeModelRuntime runtime = stuck();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime)
        .admission(AdmissionConfig.maxConcurrent(1)).metrics(registry).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Duration.ofMillis(50)))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
          assertThat(e.started()).isTrue();
          assertThat(e.deadline()).isEqualTo(Duration.ofMillis(50));
          assertThat(e.errorType()).isEqualTo(ErrorType.DEADLINE_EXCEEDED);
        })
        .hasMessage("model 'ranker' version 7 missed its deadline of 50 ms while running; the run was told to terminate");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    // The caller left while the native run is still inside the runtime.
    assertThat(runtime.running()).isEqualTo(1);
    assertThat(runtime.terminateRequests()).isEqualTo(1);
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).isInstanceOf(ModelOverloadedException.class);

    release.countDown();
    int refusedWhileReturning = 0;
    while (true) {
      try {
        assertThat(model.predict(Fakes.ONE_ROW).floatArray("score")).containsExactly(1f);
        break;
      } catch (ModelOverloadedException stillHeld) {
        refusedWhileReturning++; // the permit comes back just after the run returns
      }
    }
    assertThat(rejections("overloaded")).isEqualTo(1 + refusedWhileReturning);
    assertThat(rejections("deadline_exceeded")).isZero(); // it ran: not a rejection
    assertThat(registry.get("monitored.inference.request.duration").tag("error.type", "deadline_exceeded")
        .timer().count()).isEqualTo(1);
    model.close();
    assertThat(runtime.closes()).isEqualTo(1);
    assertThat(runtime.closesWhileRunning()).isZero();
  }

  @Test
  void closingWhileAnAbandonedRunIsInside_closesTheRuntimeOnlyWhenItReturns() {
    FakeModelRuntime runtime = stuck();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Duration.ofMillis(20)))
        .isInstanceOf(DeadlineExceededException.class);
    model.close();
    assertThat(runtime.closes()).isZero();
    release.countDown();
    Poll.until(() -> runtime.closes() == 1);
    assertThat(runtime.closesWhileRunning()).isZero();
    assertThat(runtime.callsAfterClose()).isZero();
  }

  @Test
  void aCallWhoseDeadlinePassesInTheQueue_neverRuns() throws Exception {
    FakeModelRuntime runtime = stuck();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime)
        .admission(AdmissionConfig.maxConcurrent(1).maxQueue(1).queueTimeout(Duration.ofSeconds(10)))
        .metrics(registry).build();
    CompletableFuture<Prediction> first = CompletableFuture.supplyAsync(() -> model.predict(Fakes.ONE_ROW));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Duration.ofMillis(30)))
        .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.started()).isFalse())
        .hasMessage("model 'ranker' version 7 missed its deadline of 30 ms before it could run");
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS).floatArray("score")).containsExactly(1f);
    assertThat(runtime.calls()).isEqualTo(1);
    assertThat(rejections("deadline_exceeded")).isEqualTo(1);
    assertThat(rejections("queue_timeout")).isZero();
  }

  @Test
  void aCallMayLowerTheModelDeadline_butNeverRaiseIt() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(stuck()).deadline(Duration.ofMillis(40)).build();
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
        .isInstanceOfSatisfying(DeadlineExceededException.class,
            e -> assertThat(e.deadline()).isEqualTo(Duration.ofMillis(40)));
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(DeadlineExceededException.class,
            e -> assertThat(e.deadline()).isEqualTo(Duration.ofMillis(40)));
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Duration.ofMillis(20)))
        .isInstanceOfSatisfying(DeadlineExceededException.class,
            e -> assertThat(e.deadline()).isEqualTo(Duration.ofMillis(20)));
  }

  @Test
  void aRunThatHonoursTermination_stopsAndItsCallerGetsTheDeadlineError() {
    FakeModelRuntime runtime = FakeModelRuntime.controlled(Fakes.RANKER_V7, (inputs, control) -> {
      while (!control.isTerminated()) {
        LockSupport.parkNanos(100_000);
      }
      throw new ModelExecutionException("ranker", "7", "run", new IllegalStateException("terminated"));
    });
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Duration.ofMillis(20)))
        .isInstanceOf(DeadlineExceededException.class);
    Poll.until(() -> runtime.running() == 0);
    assertThat(runtime.terminateRequests()).isEqualTo(1);
  }

  @Test
  void aFastCall_withADeadline_returnsItsResult_andARunFailureIsRethrownUnchanged() {
    FakeModelRuntime runtime = Fakes.summingRanker();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
    assertThat(model.predict(Fakes.ONE_ROW, Duration.ofSeconds(10)).floatArray("score")).containsExactly(0.8f);
    assertThat(runtime.terminateRequests()).isZero();

    ModelExecutionException failure = new ModelExecutionException("ranker", "7", "run", new RuntimeException("boom"));
    MonitoredModel failing = MonitoredModel.builder("failing").runtime(Fakes.ranker(in -> { throw failure; })).build();
    assertThatThrownBy(() -> failing.predict(Fakes.ONE_ROW, Duration.ofSeconds(10))).isSameAs(failure);
  }

  @Test
  void deadlines_areCheckedAtOnce() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").deadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("deadline must be > 0, but was PT0S");
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build();
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be > 0, but was PT-0.001S");
  }
}
