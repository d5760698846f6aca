package dev.monitoredinference.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.testing.TestModels;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real OTLP exporters, wired by {@link OtlpExport}, against a small OTLP/HTTP receiver on
 * loopback that decodes what arrives with the OTLP protobuf definitions.
 */
class OtlpWireTest {
  private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  private final List<String> tenantHeaders = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private String parentSpanId;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receive("traces", ExportTraceServiceRequest::parseFrom, traces);
    receive("metrics", ExportMetricsServiceRequest::parseFrom, metrics);
    receiver.start();
  }

  private interface Decoder<T> {
    T decode(InputStream body) throws IOException;
  }

  /** Decodes what arrives at {@code /v1/<signal>} into {@code into}, noting the headers. */
  private <T> void receive(String signal, Decoder<T> decoder, List<T> into) {
    receiver.createContext("/v1/" + signal, exchange -> {
      tenantHeaders.add(signal + ":" + exchange.getRequestHeaders().getFirst("x-tenant"));
      authorizations.add(exchange.getRequestHeaders().getFirst("authorization"));
      try (InputStream body = exchange.getRequestBody()) {
        into.add(decoder.decode(body));
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, 0);
      exchange.close();
    });
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void spansAndMetrics_arriveOverOtlpWithNamesUnitsBucketsAndResource() {
    String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort();
    try (OtlpExport otlp = OtlpExport.builder()
        .endpoint(endpoint)
        .serviceName("search-test")
        .resourceAttribute("deployment.environment", "ci")
        .header("x-tenant", "shop-1")
        .header("authorization", "Bearer a+b== c%d")
        .metricsStep(Duration.ofHours(1)) // published on close
        .build()) {
      try (MonitoredModel model = MonitoredModel.builder("ranker")
          .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0.5f))
          .metrics(otlp.meterRegistry())
          .addInterceptor(otlp.telemetry().interceptor())
          .build()) {
        io.opentelemetry.api.trace.Span parent =
            otlp.openTelemetry().getTracer("test").spanBuilder("GET /search").startSpan();
        try (io.opentelemetry.context.Scope ignored = parent.makeCurrent()) {
          model.predict(Inputs.of("features", new float[][] {{1, 1}}));
        } finally {
          parent.end();
        }
        parentSpanId = parent.getSpanContext().getSpanId();
        for (int i = 0; i < 2; i++) {
          model.predict(Inputs.of("features", new float[][] {{1, 1}}));
        }
        assertThatThrownBy(() -> model.predict(Inputs.of("features", Tensor.ofDoubles(new double[2], 1, 2))))
            .isInstanceOf(InvalidInputException.class);
      }
    }

    assertThat(tenantHeaders).contains("traces:shop-1", "metrics:shop-1").allMatch(h -> h.endsWith(":shop-1"));
    assertThat(authorizations).isNotEmpty().allMatch("Bearer a+b== c%d"::equals);
    List<ResourceSpans> resourceSpans = traces.stream()
        .flatMap(request -> request.getResourceSpansList().stream()).collect(Collectors.toList());
    assertThat(resourceSpans).isNotEmpty();
    assertThat(attributes(resourceSpans.get(0).getResource()))
        .containsEntry("service.name", "search-test")
        .containsEntry("deployment.environment", "ci");
    List<Span> spans = resourceSpans.stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .filter(scope -> scope.getScope().getName().equals("dev.monitoredinference"))
        .peek(scope -> {
          assertThat(scope.getScope().getName()).isEqualTo("dev.monitoredinference");
          assertThat(scope.getScope().getVersion()).isEqualTo(InferenceTelemetry.libraryVersion());
        })
        .flatMap(scope -> scope.getSpansList().stream())
        .collect(Collectors.toList());
    assertThat(spans).hasSize(4).allSatisfy(span -> {
      assertThat(span.getName()).isEqualTo("predict ranker");
      assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
      assertThat(attributes(span.getAttributesList()))
          .containsEntry("monitored.inference.model.name", "ranker")
          .containsEntry("monitored.inference.model.version", "1")
          .containsEntry("monitored.inference.execution.provider", "cpu");
    });
    assertThat(spans).filteredOn(span -> hex(span.getParentSpanId().toByteArray()).equals(parentSpanId))
        .hasSize(1);
    assertThat(spans).filteredOn(span -> span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR)
        .singleElement()
        .satisfies(span -> assertThat(attributes(span.getAttributesList()))
            .containsEntry("error.type", "invalid_input")
            .containsEntry("monitored.inference.validation.result", "rejected"));

    List<ResourceMetrics> resourceMetrics = metrics.stream()
        .flatMap(request -> request.getResourceMetricsList().stream()).collect(Collectors.toList());
    assertThat(resourceMetrics).isNotEmpty();
    assertThat(attributes(resourceMetrics.get(0).getResource()))
        .containsEntry("service.name", "search-test")
        .containsEntry("deployment.environment", "ci");
    Map<String, Metric> byName = resourceMetrics.stream()
        .flatMap(rm -> rm.getScopeMetricsList().stream())
        .flatMap(scope -> scope.getMetricsList().stream())
        .collect(Collectors.toMap(Metric::getName, metric -> metric, (a, b) -> a));
    // The gauges (active, model.info) left with the closed model, before the final publish.
    assertThat(byName.keySet()).contains("monitored.inference.request.duration", "monitored.inference.run.duration",
        "monitored.inference.rejections", "monitored.inference.model.loads");
    Metric request = byName.get("monitored.inference.request.duration");
    // Micrometer's OTLP registry names the base unit in words; with base unit seconds that is
    // "seconds", which the Collector's Prometheus exporter turns into the _seconds suffix.
    assertThat(request.getUnit()).isEqualTo("seconds");
    HistogramDataPoint ok = request.getHistogram().getDataPointsList().stream()
        .filter(point -> attributes(point.getAttributesList()).get("error.type").equals("none"))
        .findFirst().orElseThrow();
    assertThat(ok.getCount()).isEqualTo(3);
    assertThat(attributes(ok.getAttributesList())).containsEntry("model", "ranker").containsEntry("operation", "predict");
    assertThat(ok.getExplicitBoundsList()).containsExactly(
        0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5);
  }

  @Test
  void systemProperties_configureTracesAndMetricsAlike() {
    System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort());
    System.setProperty("otel.service.name", "from-property");
    System.setProperty("otel.resource.attributes", "team=search");
    try (OtlpExport otlp = OtlpExport.builder().resourceAttribute("deployment.environment", "ci")
            .metricsStep(Duration.ofHours(1)).build();
        MonitoredModel model = MonitoredModel.builder("ranker")
            .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0.5f))
            .metrics(otlp.meterRegistry())
            .addInterceptor(otlp.telemetry().interceptor())
            .build()) {
      model.predict(Inputs.of("features", new float[][] {{1, 1}}));
    } finally {
      System.clearProperty("otel.exporter.otlp.endpoint");
      System.clearProperty("otel.service.name");
      System.clearProperty("otel.resource.attributes");
    }
    assertThat(traces).isNotEmpty();
    assertThat(metrics).isNotEmpty();
    Map<String, String> spanResource = attributes(traces.get(0).getResourceSpans(0).getResource());
    Map<String, String> metricResource = attributes(metrics.get(0).getResourceMetrics(0).getResource());
    for (Map<String, String> resource : List.of(spanResource, metricResource)) {
      assertThat(resource)
          .containsEntry("service.name", "from-property")
          .containsEntry("team", "search")
          .containsEntry("deployment.environment", "ci");
    }
  }

  @Test
  void missingOptionalDependencies_areNamed() {
    assertThat(OtlpExport.missingDependencies(new java.net.URLClassLoader(new java.net.URL[0], null)))
        .containsExactly("io.micrometer:micrometer-registry-otlp",
            "io.opentelemetry:opentelemetry-exporter-otlp",
            "io.opentelemetry:opentelemetry-exporter-sender-jdk",
            "io.opentelemetry:opentelemetry-sdk-extension-autoconfigure");
    assertThat(OtlpExport.missingDependencies(OtlpExport.class.getClassLoader())).isEmpty();
    assertThatThrownBy(() -> OtlpExport.builder().endpoint("collector:4318"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoint must be an http:// or https:// URL, but was 'collector:4318'");
  }

  private static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static Map<String, String> attributes(Resource resource) {
    return attributes(resource.getAttributesList());
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    return values.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> {
      var value = kv.getValue();
      switch (value.getValueCase()) {
        case BOOL_VALUE: return String.valueOf(value.getBoolValue());
        case INT_VALUE: return String.valueOf(value.getIntValue());
        case DOUBLE_VALUE: return String.valueOf(value.getDoubleValue());
        default: return value.getStringValue();
      }
    }, (a, b) -> a));
  }
}
