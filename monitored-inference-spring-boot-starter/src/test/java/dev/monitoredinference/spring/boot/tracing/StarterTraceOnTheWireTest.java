package dev.monitoredinference.spring.boot.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.RankerModelFile;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real application with Boot's OpenTelemetry tracing (micrometer-tracing's OTel bridge, the OTel
 * SDK, the OTLP/HTTP exporter) exports the model calls' spans to a collector; the spans are read
 * back from the wire.
 */
class StarterTraceOnTheWireTest {
  @TempDir Path dir;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class TracedApplication {}

  @Test
  void predict_isExportedAsASpan_withTheLibrarysAttributes() throws Exception {
    try (OtlpTraceReceiver collector = OtlpTraceReceiver.start();
        ConfigurableApplicationContext application =
            new SpringApplicationBuilder(TracedApplication.class).properties(
                "server.port=0",
                "spring.main.banner-mode=off",
                "spring.application.name=traced",
                "monitored-inference.models.ranker.file=" + RankerModelFile.writeTo(dir),
                "management.tracing.sampling.probability=1.0",
                "management.opentelemetry.tracing.export.otlp.endpoint=" + collector.endpoint(),
                "management.opentelemetry.tracing.export.schedule-delay=50ms").run()) {
      MonitoredModel ranker = application.getBean("ranker", MonitoredModel.class);
      ranker.predict(RankerModelFile.INPUTS);
      assertThatThrownBy(() -> ranker.predict(Inputs.of("features", new float[][] {{Float.NaN, 0f}})))
          .isInstanceOf(InvalidInputException.class);

      await().atMost(Duration.ofSeconds(20)).until(() -> predictSpans(collector).size() == 2);
      List<Span> spans = predictSpans(collector);
      String digest = ranker.version().shortDigest();
      assertThat(attributes(spans.get(0))).isEqualTo(Map.of(
          "monitored.inference.model.name", "ranker",
          "monitored.inference.model.version", "1",
          "monitored.inference.execution.provider", "cpu",
          "monitored.inference.fallback", "false",
          "monitored.inference.model.digest", digest,
          "error.type", "none"));
      assertThat(attributes(spans.get(1))).containsEntry("error.type", "invalid_input")
          .containsEntry("monitored.inference.model.name", "ranker");
      assertThat(spans.get(1).getStatus().getCode())
          .isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    }
  }

  private static List<Span> predictSpans(OtlpTraceReceiver collector) {
    return collector.spans().stream().filter(span -> span.getName().equals("predict ranker"))
        .sorted((a, b) -> Long.compare(a.getStartTimeUnixNano(), b.getStartTimeUnixNano()))
        .toList();
  }

  private static Map<String, String> attributes(Span span) {
    Map<String, String> byKey = new TreeMap<>();
    for (KeyValue attribute : span.getAttributesList()) {
      byKey.put(attribute.getKey(), attribute.getValue().getStringValue());
    }
    return byKey;
  }
}
