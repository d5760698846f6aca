package dev.monitoredinference.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records into meters so that a failing meter (a broken registry or filter) never changes a
 * call's result: the failure is logged once and otherwise ignored.
 */
final class SafeMeters {
  private static final Logger log = LoggerFactory.getLogger(SafeMeters.class);

  private volatile boolean failureLogged;

  void record(Timer timer, long nanos) {
    try {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException failure) {
      logOnce(failure);
    }
  }

  void record(DistributionSummary summary, double amount) {
    try {
      summary.record(amount);
    } catch (RuntimeException failure) {
      logOnce(failure);
    }
  }

  void increment(Counter counter, double amount) {
    try {
      counter.increment(amount);
    } catch (RuntimeException failure) {
      logOnce(failure);
    }
  }

  private void logOnce(RuntimeException failure) {
    if (!failureLogged) {
      failureLogged = true;
      log.warn("recording a meter failed; further failures are not logged", failure);
    }
  }
}
