package dev.monitoredinference.circuit;

import java.util.function.LongSupplier;

/**
 * The breaker's states and count-based sliding window. A call asks {@link #tryAcquire()} for a
 * permit (the epoch it was admitted in) and reports its outcome with that permit; outcomes of
 * calls admitted before the last transition are dropped, so a slow call admitted while closed can
 * never count as a probe. Closed calls pass on a volatile read; recording takes the lock unless
 * the call succeeded while the window holds only successes.
 */
final class CircuitStateMachine {
  /** {@link #tryAcquire()}'s answer when the call must be refused. */
  static final long REFUSED = -1;

  enum Outcome {
    SUCCESS,
    FAILURE,
    /** Not the model's fault (bad input, overload, deadline): not recorded; a probe slot returns. */
    IGNORED
  }

  private final float threshold;
  private final int minimumCalls;
  private final long waitNanos;
  private final int probes;
  private final LongSupplier clock;
  private final boolean[] window;

  private volatile CircuitState state = CircuitState.CLOSED;
  private volatile long epoch;
  private int next;
  private volatile int recorded; // volatile: read by the lock-free success path of record()
  private volatile int failures;
  private long openedAt;
  private int probesAdmitted;
  private int probesSucceeded;

  CircuitStateMachine(CircuitBreakerConfig config) {
    this.threshold = config.failureRateThreshold();
    this.minimumCalls = config.minimumNumberOfCalls();
    this.waitNanos = config.waitDurationInOpenState().toNanos();
    this.probes = config.permittedCallsInHalfOpenState();
    this.clock = config.nanoClock();
    this.window = new boolean[config.slidingWindowSize()];
  }

  CircuitState state() {
    return state;
  }

  /** The permit of an admitted call, or {@link #REFUSED}. */
  long tryAcquire() {
    long admittedIn = epoch;
    if (state == CircuitState.CLOSED) {
      return admittedIn;
    }
    synchronized (this) {
      if (state == CircuitState.OPEN) {
        if (clock.getAsLong() - openedAt < waitNanos) {
          return REFUSED;
        }
        transition(CircuitState.HALF_OPEN);
      }
      if (state == CircuitState.HALF_OPEN) {
        if (probesAdmitted == probes) {
          return REFUSED;
        }
        probesAdmitted++;
      }
      return epoch;
    }
  }

  void record(long permit, Outcome outcome) {
    // A success while closed, over a full window of successes, changes nothing that can be seen
    // (every slot it could replace holds a success): the usual call records without the lock.
    // Read failures before recorded, and the epoch last: transition() resets recorded before
    // failures and bumps the epoch first, so a reset or a trip in between sends the call below.
    if (outcome == Outcome.SUCCESS && failures == 0 && recorded == window.length
        && state == CircuitState.CLOSED && permit == epoch) {
      return;
    }
    synchronized (this) {
      recordLocked(permit, outcome);
    }
  }

  private void recordLocked(long permit, Outcome outcome) {
    if (permit != epoch) {
      return;
    }
    if (state == CircuitState.HALF_OPEN) {
      if (outcome == Outcome.FAILURE) {
        transition(CircuitState.OPEN);
      } else if (outcome == Outcome.IGNORED) {
        probesAdmitted--;
      } else if (++probesSucceeded == probes) {
        transition(CircuitState.CLOSED);
      }
    } else if (state == CircuitState.CLOSED && outcome != Outcome.IGNORED) {
      recordClosed(outcome == Outcome.FAILURE);
    }
  }

  /** Why calls are refused now, for the exception message. */
  synchronized String refusal() {
    return state == CircuitState.OPEN
        ? "its circuit breaker is OPEN after too many runtime failures and permits no calls"
        : "its circuit breaker is HALF_OPEN and all " + probes + " probe calls are taken";
  }

  private void recordClosed(boolean failed) {
    if (recorded == window.length) {
      if (window[next]) {
        failures--;
      }
    } else {
      recorded++;
    }
    window[next] = failed;
    if (failed) {
      failures++;
    }
    next = (next + 1) % window.length;
    if (recorded >= minimumCalls && failures * 100f >= threshold * recorded) {
      transition(CircuitState.OPEN);
    }
  }

  private void transition(CircuitState to) {
    epoch++;
    state = to;
    if (to == CircuitState.OPEN) {
      openedAt = clock.getAsLong();
    } else if (to == CircuitState.HALF_OPEN) {
      probesAdmitted = 0;
      probesSucceeded = 0;
    } else {
      next = 0;
      recorded = 0;
      failures = 0;
    }
  }
}
