package dev.monitoredinference.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.validation.InputSchema;
import dev.monitoredinference.validation.TextLengthPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Requests carrying e-mail addresses, phone numbers and names run through a real model with
 * metrics, tracing and log capture on, valid and rejected alike: none of those strings (nor their
 * lower-case forms) appears in any meter, tag, span, span event or log line.
 */
class PrivacyTest {
  private static final List<String> PII = List.of(
      "jane.doe@example.com", "+1-202-555-0143", "Jane Doe", "0049 30 901820", "max.mustermann@web.de");

  @Test
  void anOffendingValue_staysInTheExceptionAndOffSpansMetersAndLogs() {
    CapturedTelemetry telemetry = new CapturedTelemetry();
    SimpleMeterRegistry registry = telemetry.registry;
    try (telemetry; MonitoredModel model = MonitoredModel.builder("ranker")
        .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0f))
        .validate(InputSchema.fromModel().range("features", -10, 10))
        .metrics(registry)
        .addInterceptor(InferenceTelemetry.create(telemetry.otel).interceptor())
        .build()) {
      assertThatThrownBy(() -> model.predict(Inputs.of("features", new float[][] {{987654.25f, 1f}})))
          .hasMessageContaining("value 987654.25 outside [-10.0, 10.0] at index 0");
    }
    List<SpanData> finished = telemetry.finish();
    assertThat(finished).singleElement().satisfies(span -> {
      assertThat(span.toString()).doesNotContain("987654");
      assertThat(span.getStatus().getDescription()).isEqualTo("invalid input: features:range");
    });
    registry.getMeters().forEach(meter -> assertThat(meter.getId().toString()).doesNotContain("987654"));
  }

  @Test
  void personalDataNeverReachesTelemetry() {
    CapturedTelemetry telemetry = new CapturedTelemetry();
    SimpleMeterRegistry registry = telemetry.registry;
    List<String> exceptionMessages = new ArrayList<>();
    int servedWithPii = 0;
    try (MonitoredModel model = MonitoredModel.builder("query-echo")
        .modelBytes(TestModels.identity(ElementType.STRING, TensorSpec.FREE))
        .validate(InputSchema.fromModel().maxTextLength("input", 34, TextLengthPolicy.REJECT))
        .metrics(registry)
        .addInterceptor(InferenceTelemetry.create(telemetry.otel).interceptor())
        .build()) {
      for (int i = 0; i < 2_000; i++) {
        String query = "contact " + PII.get(i % PII.size()) + " #" + i;
        Inputs inputs = Inputs.of("input", Tensor.ofStrings(new String[] {query}, 1));
        if (query.length() <= 34) {
          assertThat(model.predict(inputs).stringArray("output")).containsExactly(query);
          if (!query.contains("Jane Doe")) {
            servedWithPii++;
          }
        } else {
          assertThatThrownBy(() -> model.predict(inputs))
              .isInstanceOfSatisfying(InferenceException.class, e -> exceptionMessages.add(e.getMessage()));
        }
        assertThatThrownBy(() -> model.predict(Inputs.of("inptu", Tensor.ofStrings(new String[] {query}, 1))))
            .isInstanceOfSatisfying(InferenceException.class, e -> exceptionMessages.add(e.getMessage()));
      }
    } finally {
      telemetry.close();
    }

    List<SpanData> finished = telemetry.finish();
    List<String> emitted = new ArrayList<>(exceptionMessages);
    for (Meter meter : registry.getMeters()) {
      emitted.add(meter.getId().toString());
    }
    for (SpanData span : finished) {
      emitted.add(span.getName());
      emitted.add(span.getAttributes().toString());
      emitted.add(span.getStatus().getDescription());
      span.getEvents().forEach(event -> emitted.add(event.getAttributes().toString()));
    }
    emitted.addAll(telemetry.logLines());

    assertThat(finished).hasSize(4_000);
    assertThat(exceptionMessages).hasSizeGreaterThan(2_000);
    assertThat(servedWithPii).as("calls carrying e-mails or phone numbers that were served").isGreaterThan(500);
    assertThat(registry.get("monitored.inference.rejections").tag("reason", "length").counter().count()).isPositive();
    for (String text : emitted) {
      for (String pii : PII) {
        assertThat(text).doesNotContain(pii).doesNotContain(pii.toLowerCase(Locale.ROOT));
      }
    }
  }
}
