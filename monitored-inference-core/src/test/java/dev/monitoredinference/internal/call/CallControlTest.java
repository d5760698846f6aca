package dev.monitoredinference.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.runtime.RunControl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallControlTest {
  @Test
  void terminateRunsTheRegisteredActionOnce_andTheFirstReasonWins() {
    CallControl control = CallControl.startingNow(null);
    AtomicInteger runs = new AtomicInteger();
    control.onTerminate(runs::incrementAndGet);

    control.terminate(CallControl.Termination.DEADLINE);
    control.terminate(CallControl.Termination.SHUTDOWN);

    assertThat(runs).hasValue(1);
    assertThat(control.termination()).isEqualTo(CallControl.Termination.DEADLINE);
    assertThat(control.isTerminated()).isTrue();
  }

  @Test
  void anActionRegisteredAfterTermination_runsAtOnce() {
    CallControl control = CallControl.startingNow(null);
    control.terminate(CallControl.Termination.SHUTDOWN);
    AtomicInteger runs = new AtomicInteger();

    control.onTerminate(runs::incrementAndGet).close();

    assertThat(runs).hasValue(1);
  }

  @Test
  void aClosedRegistrationNeverRuns_andMakesRoomForTheNext() {
    CallControl control = CallControl.startingNow(null);
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    RunControl.Registration registration = control.onTerminate(first::incrementAndGet);
    assertThatThrownBy(() -> control.onTerminate(() -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a terminate action is registered already");

    registration.close();
    control.onTerminate(second::incrementAndGet);
    control.terminate(CallControl.Termination.DEADLINE);

    assertThat(first).hasValue(0);
    assertThat(second).hasValue(1);
  }

  /**
   * A run frees what its terminate action uses right after closing the registration (ONNX
   * Runtime's run options): once close() returns, the action must have run to its end or never.
   */
  @Test
  void closingTheRegistration_waitsForAnActionThatTerminateStarted() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      CallControl control = CallControl.startingNow(null);
      AtomicInteger began = new AtomicInteger();
      AtomicInteger ended = new AtomicInteger();
      RunControl.Registration registration = control.onTerminate(() -> {
        began.incrementAndGet();
        for (long spin = System.nanoTime() + 20_000; System.nanoTime() < spin; ) {
          Thread.onSpinWait();
        }
        ended.incrementAndGet();
      });
      int[] atClose = new int[2]; // began, ended
      race(() -> control.terminate(CallControl.Termination.DEADLINE), () -> {
        registration.close();
        atClose[0] = began.get();
        atClose[1] = ended.get();
      });

      assertThat(atClose[1]).as("round %d", round).isEqualTo(atClose[0]);
      assertThat(ended.get()).as("round %d: never after close", round).isEqualTo(atClose[1]);
    }
  }

  @Test
  void anActionRegisteredWhileTerminateRuns_runsExactlyOnce() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      CallControl control = CallControl.startingNow(null);
      AtomicInteger runs = new AtomicInteger();
      race(() -> control.terminate(CallControl.Termination.SHUTDOWN),
          () -> control.onTerminate(runs::incrementAndGet)); // before, during or after terminate()

      assertThat(runs).as("round %d", round).hasValue(1);
    }
  }

  @Test
  void abandonRacingTheRunsReturn_eitherDefersTheReleaseUntilThenOrRunsItAtOnce() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      CallControl control = CallControl.startingNow(null);
      AtomicInteger released = new AtomicInteger();
      boolean[] abandoned = new boolean[1];
      race(control::runReturned, () -> {
        abandoned[0] = control.abandon();
        control.afterRun(released::incrementAndGet);
      });

      assertThat(released).as("round %d, abandoned %s", round, abandoned[0]).hasValue(1);
    }
  }

  @Test
  void releasesRunAtOnce_unlessTheRunWasAbandoned_thenWhenItReturns() {
    CallControl control = CallControl.startingNow(null);
    List<String> released = new ArrayList<>();
    control.afterRun(() -> released.add("before"));
    assertThat(released).containsExactly("before");

    assertThat(control.abandon()).isTrue();
    control.afterRun(() -> released.add("permit"));
    control.afterRun(() -> released.add("lease"));
    assertThat(released).as("nothing before the run returns").containsExactly("before");

    control.runReturned();
    assertThat(released).containsExactly("before", "permit", "lease");
    control.afterRun(() -> released.add("after"));
    assertThat(released).containsExactly("before", "permit", "lease", "after");
  }

  @Test
  void aRunThatReturned_cannotBeAbandoned() {
    CallControl control = CallControl.startingNow(null);
    control.runReturned();

    assertThat(control.abandon()).isFalse();
    AtomicInteger released = new AtomicInteger();
    control.afterRun(released::incrementAndGet);
    assertThat(released).hasValue(1);
  }

  @Test
  void everyDeferredReleaseRunsOnce_whenTheRunReturnsWhileCallersRelease() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      CallControl control = CallControl.startingNow(null);
      assertThat(control.abandon()).isTrue();
      AtomicInteger released = new AtomicInteger();
      race(control::runReturned, () -> {
        for (int i = 0; i < 8; i++) {
          control.afterRun(released::incrementAndGet);
        }
      });

      assertThat(released).as("round %d", round).hasValue(8);
    }
  }

  /** Runs {@code there} on a new thread and {@code here} on this one, let go together; then joins. */
  private static void race(Runnable there, Runnable here) throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(2);
    Thread thread = new Thread(() -> {
      await(start);
      there.run();
    });
    thread.start();
    await(start);
    here.run();
    thread.join();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
