package dev.monitoredinference.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert log line is one flat JSON object, checked with a real parser. */
class AlertJsonTest {
  private static final Instant END = Instant.parse("2026-01-01T00:02:10Z");

  /** Parses a flat JSON object strictly: strings, numbers and nulls, nothing after it. */
  static Map<String, Object> parse(String json) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        fields.put(name, value == JsonToken.VALUE_STRING ? parser.getText()
            : value == JsonToken.VALUE_NULL ? null : (Object) parser.getDoubleValue());
      }
      assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(parser.nextToken()).isNull();
    }
    return fields;
  }

  @Test
  void firingAlert_hasEveryFieldWithItsValue() throws IOException {
    Alert alert = Alert.of("ranker", "7", AnomalySignal.LATENCY, Alert.State.FIRING, 0.0083,
        0.0041, 6.93, END);
    assertThat(parse(alert.toJson())).containsExactly(
        entry("event", "monitored.inference.anomaly"),
        entry("model", "ranker"),
        entry("model.version", "7"),
        entry("signal", "latency"),
        entry("state", "FIRING"),
        entry("observed", 0.0083),
        entry("baseline", 0.0041),
        entry("z", 6.93),
        entry("window_end", "2026-01-01T00:02:10Z"));
    assertThat(alert.toJson()).doesNotContain("\n");
  }

  @Test
  void quotesBackslashesAndControlCharacters_areEscaped() throws IOException {
    String name = "rank\"er\\\n\t\u0001\u2028é";
    Alert alert = Alert.of(name, "v\r1", AnomalySignal.ERRORS, Alert.State.RESOLVED, 0.01,
        0.01, 0.0, END);
    Map<String, Object> fields = parse(alert.toJson());
    assertThat(fields).containsEntry("model", name).containsEntry("model.version", "v\r1");
    assertThat(alert.toJson()).contains("\\u0001", "\\u2028").doesNotContain("\n");
  }

  @Test
  void nonFiniteNumbers_areNull() throws IOException {
    Alert alert = Alert.of("ranker", "7", AnomalySignal.THROUGHPUT, Alert.State.FIRING, 0,
        Double.NaN, Double.POSITIVE_INFINITY, END);
    assertThat(parse(alert.toJson())).containsEntry("observed", 0.0)
        .containsEntry("baseline", null).containsEntry("z", null);
  }
}
