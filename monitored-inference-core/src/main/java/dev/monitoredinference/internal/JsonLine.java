package dev.monitoredinference.internal;

/**
 * Builds one line of JSON by hand for the structured event lines (alerts, drift events): strings
 * are escaped (quote, backslash, control characters, U+2028/9), so a line is valid JSON whatever
 * a model or feature is called; a non-finite number is written as {@code null}.
 */
public final class JsonLine {
  private final StringBuilder json = new StringBuilder(256).append('{');
  private boolean first = true;

  /** Starts a line whose first field is {@code "event": event}. */
  public static JsonLine event(String event) {
    return new JsonLine().string("event", event);
  }

  /** Adds a string field. */
  public JsonLine string(String name, String value) {
    quoted(key(name), value);
    return this;
  }

  /** Adds a number field; {@code null} when not finite. */
  public JsonLine number(String name, double value) {
    StringBuilder out = key(name);
    if (Double.isFinite(value)) {
      out.append(value);
    } else {
      out.append("null");
    }
    return this;
  }

  /** Adds an integer field. */
  public JsonLine number(String name, long value) {
    key(name).append(value);
    return this;
  }

  /** Adds a boolean field. */
  public JsonLine bool(String name, boolean value) {
    key(name).append(value);
    return this;
  }

  /** The finished line. */
  @Override
  public String toString() {
    return json + "}";
  }

  private StringBuilder key(String name) {
    if (!first) {
      json.append(',');
    }
    first = false;
    return quoted(json, name).append(':');
  }

  /** Appends {@code value} to {@code out} as a JSON string literal. */
  static StringBuilder quoted(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"');
  }
}
