package dev.monitoredinference.benchmarks;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.otel.InferenceTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** Tracing set-ups for the benchmarks: no SDK at all, and a real SDK with a batch processor. */
final class Tracing {
  private Tracing() {}

  /** What a library sees when the application configured no SDK. */
  static InferenceInterceptor noop() {
    return InferenceTelemetry.create(OpenTelemetry.noop()).interceptor();
  }

  /** A real SDK: every span sampled, batched, and handed to an exporter that drops it. */
  static OpenTelemetrySdk sdk() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
            .build())
        .build();
  }

  private static final class DroppingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
