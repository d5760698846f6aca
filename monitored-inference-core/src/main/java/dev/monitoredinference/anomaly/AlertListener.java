package dev.monitoredinference.anomaly;

/**
 * Hears each change of an anomaly signal's state, e.g. to open a ticket or post to a chat.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .anomalies(AnomalyConfig.ofDefaults())
 *     .alertListener(alert -> tickets.open(alert.model() + " " + alert.signal().tagValue()))
 *     ...
 * }</pre>
 *
 * <p>Called on the thread that closes the window (usually a call's thread, right after its
 * result was produced), one alert at a time and in order. Keep it short or hand off to an
 * executor. A listener that throws is counted ({@link AnomalyDetector#listenerFailures()}) and
 * logged once; it never changes a call's result nor stops the other listeners.
 */
@FunctionalInterface
public interface AlertListener {
  /** Handles one alert. */
  void onAlert(Alert alert);
}
