package dev.monitoredinference.otel;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The part of {@link OtlpExport} that touches the optional dependencies; loaded only after they
 * were found. The SDK's autoconfigure module resolves {@code OTEL_*} variables and {@code otel.*}
 * properties once; the metrics registry is configured from that same resolution (endpoint,
 * headers, final resource), so traces and metrics always go to one place with one resource.
 */
final class SdkWiring implements AutoCloseable {
  private static final String HEADERS = "otel.exporter.otlp.headers";
  private static final String RESOURCE = "otel.resource.attributes";

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
    AtomicReference<ConfigProperties> resolved = new AtomicReference<>();
    AtomicReference<Resource> resource = new AtomicReference<>();
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
            .addPropertiesCustomizer(config -> {
              resolved.set(config);
              return overrides(config, endpoint, serviceName, headers, resourceAttributes);
            })
            .addResourceCustomizer((built, config) -> {
              resource.set(built);
              return built;
            })
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    try {
      ConfigProperties config = resolved.get();
      Map<String, String> metrics = new HashMap<>();
      metrics.put("otlp.baseTimeUnit", "seconds");
      metrics.put("otlp.step", metricsStep.toString());
      metrics.put("otlp.url", metricsUrl(config, endpoint));
      Map<String, String> allHeaders = decoded(config.getMap(HEADERS));
      allHeaders.putAll(headers);
      if (!allHeaders.isEmpty()) {
        metrics.put("otlp.headers", pairs(allHeaders));
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      resource.get().getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
      metrics.put("otlp.resourceAttributes", pairs(attributes));
      OtlpConfig otlpConfig = metrics::get;
      return new SdkWiring(sdk, new OtlpMeterRegistry(otlpConfig, Clock.SYSTEM));
    } catch (RuntimeException e) {
      sdk.close(); // its batch processor thread would outlive the failed build
      throw e;
    }
  }

  /** What code sets wins over OTEL_*; code headers and attributes are added to theirs. */
  private static Map<String, String> overrides(
      ConfigProperties config,
      @Nullable String endpoint,
      @Nullable String serviceName,
      Map<String, String> headers,
      Map<String, String> resourceAttributes) {
    Map<String, String> overrides = new HashMap<>();
    if (endpoint != null) {
      overrides.put("otel.exporter.otlp.endpoint", endpoint);
      // A signal-specific variable would otherwise beat the endpoint set in code.
      overrides.put("otel.exporter.otlp.traces.endpoint", endpoint + "/v1/traces");
    }
    if (serviceName != null) {
      overrides.put("otel.service.name", serviceName);
    }
    if (!headers.isEmpty()) {
      overrides.put(HEADERS, merged(config.getMap(HEADERS), headers));
    }
    if (!resourceAttributes.isEmpty()) {
      overrides.put(RESOURCE, merged(config.getMap(RESOURCE), resourceAttributes));
    }
    // Only traces through the SDK: metrics go through Micrometer, so nothing is counted twice.
    overrides.put("otel.metrics.exporter", "none");
    overrides.put("otel.logs.exporter", "none");
    return overrides;
  }

  private static String metricsUrl(ConfigProperties config, @Nullable String endpoint) {
    if (endpoint != null) {
      return endpoint + "/v1/metrics";
    }
    String metrics = config.getString("otel.exporter.otlp.metrics.endpoint");
    if (metrics != null) {
      return metrics;
    }
    String base = config.getString("otel.exporter.otlp.endpoint", "http://localhost:4318");
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/metrics";
  }

  /** The SDK percent-decodes these lists: values from OTEL_* stay as given, code values are encoded. */
  private static String merged(Map<String, String> fromConfig, Map<String, String> fromCode) {
    StringJoiner joined = new StringJoiner(",");
    fromConfig.forEach((key, value) -> {
      if (!fromCode.containsKey(key)) {
        joined.add(key + "=" + value);
      }
    });
    fromCode.forEach((key, value) -> joined.add(key + "=" + encode(value)));
    return joined.toString();
  }

  private static Map<String, String> decoded(Map<String, String> values) {
    Map<String, String> plain = new LinkedHashMap<>();
    values.forEach((key, value) -> plain.put(key, URLDecoder.decode(value, StandardCharsets.UTF_8)));
    return plain;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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

  /** Micrometer's "k=v,k=v" form; it does not decode, so values go as they are. */
  private static String pairs(Map<String, String> values) {
    StringJoiner joined = new StringJoiner(",");
    values.forEach((key, value) -> joined.add(key + "=" + value));
    return joined.toString();
  }
}
