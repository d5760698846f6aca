package dev.monitoredinference.otel;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything a test's models emit, held in memory: meters, spans (every span sampled) and the log
 * lines of every logger. For tests that search it all for data that must never leak.
 */
final class CapturedTelemetry implements AutoCloseable {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OpenTelemetrySdk otel;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  CapturedTelemetry() {
    otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    logs.start();
    root.addAppender(logs);
  }

  /** Stops capturing log lines, closes the SDK, and returns the spans finished until then. */
  List<SpanData> finish() {
    root.detachAppender(logs);
    List<SpanData> finished = spans.getFinishedSpanItems();
    otel.close();
    return finished;
  }

  /** The log lines captured, formatted. */
  List<String> logLines() {
    List<String> lines = new ArrayList<>();
    logs.list.forEach(event -> lines.add(event.getFormattedMessage()));
    return lines;
  }

  /** Stops capturing log lines (idempotent), for a test that fails before {@link #finish()}. */
  @Override
  public void close() {
    root.detachAppender(logs);
  }
}
