package dev.monitoredinference.anomaly;

import dev.monitoredinference.internal.EventDispatcher;
import java.util.List;

/**
 * Hands an alert to the log (one JSON line on the {@value #LOGGER} logger: WARN when firing, INFO
 * when resolved) and to each listener, guarded as {@link EventDispatcher} describes.
 */
final class AlertDispatcher {
  /** The logger alert lines go to, so a log pipeline can route them on their own. */
  static final String LOGGER = EventDispatcher.LOGGER;

  private final EventDispatcher<Alert, AlertListener> dispatcher;

  AlertDispatcher(List<AlertListener> listeners) {
    this.dispatcher = new EventDispatcher<>(listeners, AlertListener::onAlert, Alert::toJson,
        alert -> alert.state() == Alert.State.FIRING);
  }

  void dispatch(Alert alert) {
    dispatcher.dispatch(alert);
  }

  long failures() {
    return dispatcher.failures();
  }
}
