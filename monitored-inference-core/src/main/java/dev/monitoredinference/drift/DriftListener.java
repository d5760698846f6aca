package dev.monitoredinference.drift;

/**
 * Hears each feature that starts or stops drifting, e.g. to open a ticket.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .drift(config)
 *     .driftListener(event -> tickets.open(event.model() + " " + event.feature()))
 *     ...
 * }</pre>
 *
 * <p>Called on the drift thread, one event at a time, in order. Keep it short or hand off. A
 * listener that throws is counted ({@link DriftMonitor#listenerFailures()}) and logged once; it
 * never affects calls nor the other listeners.
 */
@FunctionalInterface
public interface DriftListener {
  /** Handles one event. */
  void onDrift(DriftEvent event);
}
