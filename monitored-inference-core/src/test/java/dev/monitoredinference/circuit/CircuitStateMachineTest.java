package dev.monitoredinference.circuit;

import static dev.monitoredinference.circuit.CircuitStateMachine.Outcome.FAILURE;
import static dev.monitoredinference.circuit.CircuitStateMachine.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The state machine alone: permits, epochs and the window, on an injected clock. */
class CircuitStateMachineTest {
  private final AtomicLong nanos = new AtomicLong();
  private final CircuitStateMachine machine = new CircuitStateMachine(CircuitBreakerConfig.ofDefaults()
      .slidingWindowSize(2).minimumNumberOfCalls(2).permittedCallsInHalfOpenState(2)
      .waitDurationInOpenState(Duration.ofSeconds(30)).nanoClock(nanos::get));

  @Test
  void aSlowCallAdmittedWhileClosed_cannotDecideTheProbes() {
    long slow = machine.tryAcquire();
    machine.record(machine.tryAcquire(), FAILURE);
    machine.record(machine.tryAcquire(), FAILURE);
    assertThat(machine.state()).isEqualTo(CircuitState.OPEN);
    assertThat(machine.tryAcquire()).isEqualTo(CircuitStateMachine.REFUSED);

    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    long probe = machine.tryAcquire();
    machine.record(slow, FAILURE); // admitted before the breaker opened: dropped
    assertThat(machine.state()).isEqualTo(CircuitState.HALF_OPEN);
    machine.record(probe, SUCCESS);
    machine.record(machine.tryAcquire(), SUCCESS);
    assertThat(machine.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void afterClosingAgain_theWindowStartsEmpty() {
    machine.record(machine.tryAcquire(), FAILURE);
    machine.record(machine.tryAcquire(), FAILURE);
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    machine.record(machine.tryAcquire(), SUCCESS);
    machine.record(machine.tryAcquire(), SUCCESS);
    assertThat(machine.state()).isEqualTo(CircuitState.CLOSED);
    machine.record(machine.tryAcquire(), FAILURE); // 1 call: below the minimum of 2
    assertThat(machine.state()).isEqualTo(CircuitState.CLOSED);
    machine.record(machine.tryAcquire(), SUCCESS); // 1 of 2 = 50 %: opens
    assertThat(machine.state()).isEqualTo(CircuitState.OPEN);
  }

  /** Successes over a full window of successes skip the lock; the window must still slide exactly. */
  @Test
  void aWindowFullOfSuccesses_stillCountsEachFailureForExactlyWindowSizeCalls() {
    CircuitStateMachine wide = new CircuitStateMachine(CircuitBreakerConfig.ofDefaults()
        .slidingWindowSize(10).minimumNumberOfCalls(10).failureRateThreshold(30));
    for (int i = 0; i < 25; i++) {
      wide.record(wide.tryAcquire(), SUCCESS);
    }
    wide.record(wide.tryAcquire(), FAILURE);
    for (int i = 0; i < 9; i++) {
      wide.record(wide.tryAcquire(), SUCCESS); // the failure is now the oldest of 10
    }
    wide.record(wide.tryAcquire(), FAILURE); // replaces it: 1 of 10
    wide.record(wide.tryAcquire(), FAILURE); // 2 of 10
    assertThat(wide.state()).isEqualTo(CircuitState.CLOSED);
    wide.record(wide.tryAcquire(), FAILURE); // 3 of 10 = 30 %
    assertThat(wide.state()).isEqualTo(CircuitState.OPEN);
  }
}
