package dev.monitoredinference.examples.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.otel.InferenceTelemetry;
import dev.monitoredinference.spring.boot.MonitoredModelCustomizer;
import dev.monitoredinference.spring.boot.TextEmbedderCustomizer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Trace export exists only when an endpoint is configured (the exporting case: SearchDemoTest). */
class TracingConfigurationTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(DemoProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Properties.class, TracingConfiguration.class);

  @Test
  void noEndpoint_noSdkNoTelemetryNoCustomizer() {
    runner.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(OpenTelemetrySdk.class)
        .doesNotHaveBean(InferenceTelemetry.class)
        .doesNotHaveBean(MonitoredModelCustomizer.class)
        .doesNotHaveBean(TextEmbedderCustomizer.class));
  }

  @Test
  void anEndpoint_anSdkWhoseTelemetryTracesEveryModel() {
    runner.withPropertyValues("demo.tracing.otlp-endpoint=http://127.0.0.1:4318")
        .run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(OpenTelemetrySdk.class)
            .hasSingleBean(InferenceTelemetry.class)
            .hasSingleBean(MonitoredModelCustomizer.class)
            .hasSingleBean(TextEmbedderCustomizer.class));
  }
}
