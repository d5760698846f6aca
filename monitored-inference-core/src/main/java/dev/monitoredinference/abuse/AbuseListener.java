package dev.monitoredinference.abuse;

/**
 * Hears each caller flagged by abuse detection, e.g. to block it at the gateway or open a ticket.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .abuse(AbuseConfig.ofDefaults())
 *     .abuseListener(event -> security.report(event.caller(), event.kind().tagValue()))
 *     ...
 * }</pre>
 *
 * <p>Called on the abuse detector's own thread, one event at a time. A listener that throws is
 * counted ({@link AbuseMonitor#listenerFailures()}) and logged once; it never changes a call's
 * result nor stops the other listeners. Events are health-neutral: they never change the model's
 * {@code health()}.
 */
@FunctionalInterface
public interface AbuseListener {
  /** Handles one detection. */
  void onAbuse(AbuseEvent event);
}
