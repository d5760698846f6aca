package dev.monitoredinference.anomaly;

import dev.monitoredinference.internal.JsonLine;

/**
 * Formats an {@link Alert} as one line of JSON for log pipelines, e.g.
 *
 * <pre>{@code
 * {"event":"monitored.inference.anomaly","model":"ranker","model.version":"7","signal":"latency",
 *  "state":"FIRING","observed":0.0083,"baseline":0.0041,"z":6.9,"window_end":"2026-01-01T00:02:10Z"}
 * }</pre>
 *
 * (on one line), written by {@link JsonLine}.
 */
final class AlertJson {
  private AlertJson() {}

  static String format(Alert alert) {
    return JsonLine.object()
        .put("event", "monitored.inference.anomaly")
        .put("model", alert.model())
        .put("model.version", alert.version())
        .put("signal", alert.signal().tagValue())
        .put("state", alert.state().name())
        .put("observed", alert.observed())
        .put("baseline", alert.baseline())
        .put("z", alert.zScore())
        .put("window_end", alert.windowEnd().toString())
        .toString();
  }
}
