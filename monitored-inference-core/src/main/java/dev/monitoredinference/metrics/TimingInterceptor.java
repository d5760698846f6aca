package dev.monitoredinference.metrics;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the rest of the chain into one of a fixed set of timers, chosen by the call's {@link
 * ErrorType}; optionally counts calls in flight. No meter look-up on the call path. A failure is
 * recorded and rethrown unchanged; a failing meter is logged once and never changes the result.
 */
final class TimingInterceptor implements InferenceInterceptor {
  private static final Logger log = LoggerFactory.getLogger(TimingInterceptor.class);

  private final Timer[] timersByErrorType;
  private final Clock clock;
  private final @Nullable LongAdder inFlight;
  private volatile boolean meterFailureLogged;

  TimingInterceptor(Timer[] timersByErrorType, Clock clock, @Nullable LongAdder inFlight) {
    this.timersByErrorType = timersByErrorType.clone();
    this.clock = clock;
    this.inFlight = inFlight;
  }

  @Override
  public Prediction intercept(Chain chain) {
    if (inFlight != null) {
      inFlight.increment();
    }
    long start = clock.monotonicTime();
    ErrorType outcome = ErrorType.NONE;
    try {
      return chain.proceed(chain.inputs());
    } catch (Throwable failure) {
      outcome = ErrorType.of(failure);
      throw failure;
    } finally {
      record(outcome, clock.monotonicTime() - start);
      if (inFlight != null) {
        inFlight.decrement();
      }
    }
  }

  private void record(ErrorType outcome, long nanos) {
    try {
      timersByErrorType[outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException meterFailure) {
      if (!meterFailureLogged) {
        meterFailureLogged = true;
        log.warn("recording a timer failed; further failures are not logged", meterFailure);
      }
    }
  }
}
