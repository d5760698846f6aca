package dev.monitoredinference.anomaly;

/**
 * Formats an {@link Alert} as one line of JSON for log pipelines, e.g.
 *
 * <pre>{@code
 * {"event":"monitored.inference.anomaly","model":"ranker","model.version":"7","signal":"latency",
 *  "state":"FIRING","observed":0.0083,"baseline":0.0041,"z":6.9,"window_end":"2026-01-01T00:02:10Z"}
 * }</pre>
 *
 * (on one line). Strings are escaped by hand (quote, backslash, control characters), so the line
 * is valid JSON whatever the model is called; a non-finite number is written as {@code null}.
 */
final class AlertJson {
  private AlertJson() {}

  static String format(Alert alert) {
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "event").append("\"monitored.inference.anomaly\"");
    string(field(json.append(','), "model"), alert.model());
    string(field(json.append(','), "model.version"), alert.version());
    string(field(json.append(','), "signal"), alert.signal().tagValue());
    string(field(json.append(','), "state"), alert.state().name());
    number(field(json.append(','), "observed"), alert.observed());
    number(field(json.append(','), "baseline"), alert.baseline());
    number(field(json.append(','), "z"), alert.zScore());
    string(field(json.append(','), "window_end"), alert.windowEnd().toString());
    return json.append('}').toString();
  }

  private static StringBuilder field(StringBuilder json, String name) {
    return string(json, name).append(':');
  }

  private static void number(StringBuilder json, double value) {
    if (Double.isFinite(value)) {
      json.append(value);
    } else {
      json.append("null");
    }
  }

  /** Appends {@code value} as a JSON string literal. */
  static StringBuilder string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
      }
    }
    return json.append('"');
  }
}
