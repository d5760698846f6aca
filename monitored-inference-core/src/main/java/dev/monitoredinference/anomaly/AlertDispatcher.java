package dev.monitoredinference.anomaly;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an alert to the log (one JSON line on the {@value #LOGGER} logger: WARN when firing, INFO
 * when resolved) and to each listener, guarding each: a listener that throws is counted and the
 * first failure logged, and the next listener still hears the alert.
 */
final class AlertDispatcher {
  /** The logger alert lines go to, so a log pipeline can route them on their own. */
  static final String LOGGER = "dev.monitoredinference.alerts";

  private static final Logger alerts = LoggerFactory.getLogger(LOGGER);
  private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

  private final List<AlertListener> listeners;
  private final AtomicLong failures = new AtomicLong();

  AlertDispatcher(List<AlertListener> listeners) {
    this.listeners = listeners;
  }

  void dispatch(Alert alert) {
    try {
      if (alert.state() == Alert.State.FIRING) {
        alerts.warn("{}", alert.toJson());
      } else {
        alerts.info("{}", alert.toJson());
      }
    } catch (RuntimeException failure) {
      failed(failure, "logging an alert");
    }
    for (AlertListener listener : listeners) {
      try {
        listener.onAlert(alert);
      } catch (RuntimeException | LinkageError | AssertionError failure) {
        failed(failure, "alert listener " + listener.getClass().getName());
      }
    }
  }

  long failures() {
    return failures.get();
  }

  private void failed(Throwable failure, String what) {
    if (failures.getAndIncrement() == 0) {
      log.warn("{} failed; the alert still reached the other listeners, and further failures are"
          + " only counted", what, failure);
    }
  }
}
