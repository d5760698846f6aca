package dev.monitoredinference.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} in the Prometheus text format from a {@link PrometheusMeterRegistry}, on
 * loopback, with the JDK's own HTTP server. What the demo and the real-Prometheus test scrape.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private final HttpServer server;

  private PrometheusEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code registry} on {@code 127.0.0.1:port} (0: any free port). */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("GET")) {
          respond(exchange, 405, "only GET\n");
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        respond(exchange, 200, registry.scrape());
      }
    });
    server.start();
    return new PrometheusEndpoint(server);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
