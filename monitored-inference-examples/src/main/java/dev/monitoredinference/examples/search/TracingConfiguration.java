package dev.monitoredinference.examples.search;

import dev.monitoredinference.otel.InferenceTelemetry;
import dev.monitoredinference.spring.boot.MonitoredModelCustomizer;
import dev.monitoredinference.spring.boot.TextEmbedderCustomizer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces over OTLP/HTTP, only when {@code demo.tracing.otlp-endpoint} is set: an OpenTelemetry SDK
 * exporting to {@code <endpoint>/v1/traces}, and the library's {@link InferenceTelemetry} on every
 * model and embedder (customizers). Unset, none of these beans exist: no exporter,
 * no connection attempts. Closing the SDK (on shutdown) flushes the spans still batched.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demo.tracing.otlp-endpoint")
class TracingConfiguration {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  @Bean(destroyMethod = "close")
  OpenTelemetrySdk openTelemetrySdk(DemoProperties demo) {
    String endpoint = Objects.requireNonNull(demo.tracing().otlpEndpoint(), "demo.tracing.otlp-endpoint");
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint.replaceAll("/+$", "") + "/v1/traces")
        .build();
    SdkTracerProvider tracers = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(
            Resource.create(Attributes.of(SERVICE_NAME, demo.tracing().serviceName()))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
    return OpenTelemetrySdk.builder().setTracerProvider(tracers).build(); // not installed as global
  }

  @Bean
  InferenceTelemetry inferenceTelemetry(OpenTelemetrySdk sdk) {
    return InferenceTelemetry.create(sdk);
  }

  @Bean
  MonitoredModelCustomizer tracedModels(InferenceTelemetry telemetry) {
    return (name, builder) -> telemetry.instrument(builder);
  }

  @Bean
  TextEmbedderCustomizer tracedEmbedders(InferenceTelemetry telemetry) {
    return (name, builder) -> telemetry.instrument(builder);
  }
}
