package dev.monitoredinference.internal;

/**
 * One flat JSON object on one line, for log pipelines (alerts, audit events). Strings are escaped
 * by hand (quote, backslash, control and line-separator characters), so the line is valid JSON
 * whatever a model or principal is called; a non-finite number is written as {@code null}. Not
 * thread-safe.
 */
public final class JsonLine {
  private final StringBuilder json = new StringBuilder(256).append('{');
  private boolean empty = true;

  /** A new, empty object. */
  public static JsonLine object() {
    return new JsonLine();
  }

  /** Adds a string field. */
  public JsonLine put(String name, String value) {
    string(field(name), value);
    return this;
  }

  /** Adds a number field; NaN and infinities become {@code null}. */
  public JsonLine put(String name, double value) {
    StringBuilder out = field(name);
    if (Double.isFinite(value)) {
      out.append(value);
    } else {
      out.append("null");
    }
    return this;
  }

  /** Adds an integer field. */
  public JsonLine put(String name, long value) {
    field(name).append(value);
    return this;
  }

  /** The object so far, closed: {@code {"a":1}}. */
  @Override
  public String toString() {
    return json + "}";
  }

  private StringBuilder field(String name) {
    if (!empty) {
      json.append(',');
    }
    empty = false;
    return string(json, name).append(':');
  }

  private static StringBuilder string(StringBuilder json, String value) {
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
