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
 * (on one line). {@link JsonLine} escapes the strings, so the line is valid JSON whatever the
 * model is called; a non-finite number is written as {@code null}.
 */
final class AlertJson {
  private AlertJson() {}

  static String format(Alert alert) {
    return JsonLine.event("monitored.inference.anomaly")
        .string("model", alert.model())
        .string("model.version", alert.version())
        .string("signal", alert.signal().tagValue())
        .string("state", alert.state().name())
        .number("observed", alert.observed())
        .number("baseline", alert.baseline())
        .number("z", alert.zScore())
        .string("window_end", alert.windowEnd().toString())
        .toString();
  }
}
