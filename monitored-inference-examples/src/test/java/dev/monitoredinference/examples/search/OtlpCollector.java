package dev.monitoredinference.examples.search;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stand-in OTLP/HTTP collector on loopback: keeps every {@code /v1/traces} request body and
 * answers 200 with an empty (valid) export response. One per test JVM.
 */
final class OtlpCollector {
  private static final OtlpCollector INSTANCE = new OtlpCollector();

  private final List<byte[]> traceExports = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private OtlpCollector() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/traces", exchange -> {
      try (exchange) {
        traceExports.add(exchange.getRequestBody().readAllBytes());
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
  }

  static OtlpCollector get() {
    return INSTANCE;
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every export so far, as text: protobuf keeps strings (span names, attributes) as UTF-8. */
  String received() {
    StringBuilder all = new StringBuilder();
    traceExports.forEach(body -> all.append(new String(body, StandardCharsets.UTF_8)).append('\n'));
    return all.toString();
  }

  /** Points the demo's trace export at the collector. */
  static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      TestPropertyValues.of("demo.tracing.otlp-endpoint=" + get().endpoint()).applyTo(context);
    }
  }
}
