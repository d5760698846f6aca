package dev.monitoredinference.otel;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one-call setup for a service without its own OpenTelemetry SDK: traces through an
 * OpenTelemetry SDK and metrics through Micrometer's OTLP registry, both exporting OTLP/HTTP to
 * one collector with one resource.
 *
 * <pre>{@code
 * try (OtlpExport otlp = OtlpExport.builder()
 *         .endpoint("http://collector:4318")          // else OTEL_EXPORTER_OTLP_ENDPOINT
 *         .serviceName("search")                      // else OTEL_SERVICE_NAME
 *         .build()) {
 *   MonitoredModel model = MonitoredModel.builder("ranker")
 *       .modelFile(path)
 *       .metrics(otlp.meterRegistry())
 *       .addInterceptor(otlp.telemetry().interceptor())
 *       .build();
 * }
 * }</pre>
 *
 * <p>Whatever is not set in code comes from the standard {@code OTEL_*} environment variables
 * and {@code otel.*} system properties (endpoint, headers, resource attributes, service name);
 * values set in code win. Metrics go through Micrometer, not the SDK's meter provider, so each
 * measurement is counted once and the names, units (seconds) and buckets are exactly those of the
 * Micrometer meters.
 *
 * <p>Needs the optional dependencies {@code io.opentelemetry:opentelemetry-sdk-extension-autoconfigure},
 * {@code io.opentelemetry:opentelemetry-exporter-otlp} (excluding its OkHttp sender), {@code
 * io.opentelemetry:opentelemetry-exporter-sender-jdk} and {@code
 * io.micrometer:micrometer-registry-otlp}; {@link Builder#build()} names any that is missing.
 * Nothing is installed as a global. Header and attribute values set in code may hold any
 * character except {@code ','}, which separates entries on the metrics path.
 */
public final class OtlpExport implements AutoCloseable {
  private static final Map<String, String> REQUIRED = Map.of(
      "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSender",
      "io.opentelemetry:opentelemetry-exporter-sender-jdk",
      "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk",
      "io.opentelemetry:opentelemetry-sdk-extension-autoconfigure",
      "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter",
      "io.opentelemetry:opentelemetry-exporter-otlp",
      "io.micrometer.registry.otlp.OtlpMeterRegistry",
      "io.micrometer:micrometer-registry-otlp");

  private final SdkWiring wiring;
  private final InferenceTelemetry telemetry;

  private OtlpExport(SdkWiring wiring) {
    this.wiring = wiring;
    try {
      this.telemetry = InferenceTelemetry.create(wiring.openTelemetry());
    } catch (RuntimeException e) {
      wiring.close();
      throw e;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The SDK: hand it to other instrumentation too. */
  public OpenTelemetry openTelemetry() {
    return wiring.openTelemetry();
  }

  /** The Micrometer OTLP registry, base unit seconds; pass it to {@code .metrics(...)}. */
  public MeterRegistry meterRegistry() {
    return wiring.meterRegistry();
  }

  /** Tracing through {@link #openTelemetry()}. */
  public InferenceTelemetry telemetry() {
    return telemetry;
  }

  /** Exports what is pending and shuts the SDK and the registry down. */
  @Override
  public void close() {
    wiring.close();
  }

  /** The Maven coordinates of the optional dependencies {@code loader} cannot see, sorted. */
  static List<String> missingDependencies(@Nullable ClassLoader loader) {
    List<String> missing = new ArrayList<>();
    REQUIRED.forEach((type, artifact) -> {
      try {
        Class.forName(type, false, loader);
      } catch (ClassNotFoundException e) {
        missing.add(artifact);
      }
    });
    missing.sort(null);
    return missing;
  }

  /** Settings set in code; anything unset comes from {@code OTEL_*}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String endpoint;
    private @Nullable String serviceName;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> resourceAttributes = new LinkedHashMap<>();
    private Duration metricsStep = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * The collector's OTLP/HTTP base URL, e.g. {@code http://collector:4318}; traces go to {@code
     * /v1/traces}, metrics to {@code /v1/metrics}.
     *
     * @throws IllegalArgumentException unless it starts with {@code http://} or {@code https://}
     */
    public Builder endpoint(String endpoint) {
      requireNonNull(endpoint, "endpoint");
      if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        throw new IllegalArgumentException(
            "endpoint must be an http:// or https:// URL, but was '" + endpoint + "'");
      }
      this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
      return this;
    }

    /** A header sent with every export, e.g. an authorization token. */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /** The {@code service.name} resource attribute. */
    public Builder serviceName(String serviceName) {
      this.serviceName = requireNonNull(serviceName, "serviceName");
      return this;
    }

    /** Another resource attribute, e.g. {@code deployment.environment}. */
    public Builder resourceAttribute(String key, String value) {
      resourceAttributes.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    /** How often metrics are pushed; 10 s by default. */
    public Builder metricsStep(Duration step) {
      requireNonNull(step, "step");
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("metricsStep must be > 0, but was " + step);
      }
      this.metricsStep = step;
      return this;
    }

    /**
     * Builds the SDK and the registry.
     *
     * @throws IllegalStateException if an optional dependency is missing, naming it
     */
    public OtlpExport build() {
      List<String> missing = missingDependencies(OtlpExport.class.getClassLoader());
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "OtlpExport needs these optional dependencies on the classpath: " + missing);
      }
      return new OtlpExport(
          SdkWiring.create(endpoint, serviceName, headers, resourceAttributes, metricsStep));
    }
  }
}
