package dev.monitoredinference.examples.search;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a URL-encoded query string or form body, first value winning. The controllers
 * parse them themselves so that a form body is read once, within its limit, and never by the
 * container (which would read all of it).
 */
final class UrlEncoded {
  private UrlEncoded() {}

  static Map<String, String> parameters(@Nullable String raw) {
    Map<String, String> parameters = new HashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        parameters.putIfAbsent(key, value);
      }
    }
    return parameters;
  }
}
