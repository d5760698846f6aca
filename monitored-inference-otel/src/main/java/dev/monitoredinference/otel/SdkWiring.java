package dev.monitoredinference.otel;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The part of {@link OtlpExport} that touches the optional dependencies; loaded only after they
 * were found.
 */
final class SdkWiring implements AutoCloseable {
  private final OpenTelemetrySdk sdk;
  private final OtlpMeterRegistry registry;

  private SdkWiring(OpenTelemetrySdk sdk, OtlpMeterRegistry registry) {
    this.sdk = sdk;
    this.registry = registry;
  }

  static SdkWiring create(
      @Nullable String endpoint,
      @Nullable String serviceName,
      Map<String, String> headers,
      Map<String, String> resourceAttributes,
      Duration metricsStep) {
    // Set in code: overrides what OTEL_* says.
    Map<String, String> overrides = new HashMap<>();
    if (endpoint != null) {
      overrides.put("otel.exporter.otlp.endpoint", endpoint);
    }
    if (serviceName != null) {
      overrides.put("otel.service.name", serviceName);
    }
    if (!headers.isEmpty()) {
      overrides.put("otel.exporter.otlp.headers", pairs(headers));
    }
    if (!resourceAttributes.isEmpty()) {
      overrides.put("otel.resource.attributes", pairs(resourceAttributes));
    }
    // Only traces through the SDK: metrics go through Micrometer, so nothing is counted twice.
    overrides.put("otel.metrics.exporter", "none");
    overrides.put("otel.logs.exporter", "none");
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
            .addPropertiesCustomizer(config -> overrides)
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();

    Map<String, String> metrics = new HashMap<>();
    metrics.put("otlp.baseTimeUnit", "seconds");
    metrics.put("otlp.step", metricsStep.toString());
    if (endpoint != null) {
      metrics.put("otlp.url", endpoint + "/v1/metrics");
    }
    if (!headers.isEmpty()) {
      metrics.put("otlp.headers", pairs(headers));
    }
    Map<String, String> resource = new LinkedHashMap<>(resourceAttributes);
    if (serviceName != null) {
      resource.put("service.name", serviceName);
    }
    if (!resource.isEmpty()) {
      metrics.put("otlp.resourceAttributes", pairs(resource));
    }
    OtlpConfig config = metrics::get;
    return new SdkWiring(sdk, new OtlpMeterRegistry(config, Clock.SYSTEM));
  }

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  MeterRegistry meterRegistry() {
    return registry;
  }

  @Override
  public void close() {
    try {
      registry.close(); // publishes once more, then stops
    } finally {
      sdk.close(); // flushes the batch span processor
    }
  }

  private static String pairs(Map<String, String> values) {
    StringJoiner joined = new StringJoiner(",");
    values.forEach((key, value) -> joined.add(key + "=" + value));
    return joined.toString();
  }
}
