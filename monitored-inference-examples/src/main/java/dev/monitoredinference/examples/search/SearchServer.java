package dev.monitoredinference.examples.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.health.ModelHealthRegistry;
import dev.monitoredinference.outcomes.Outcome;
import dev.monitoredinference.versioning.AccessDeniedException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The demo's HTTP API on loopback (JDK {@code HttpServer}): {@code GET /search?q=…&k=…} (or {@code
 * POST} with a form body, for long queries), {@code GET
 * /metrics}, {@code GET /health} (200 ready / 503), {@code POST /events?prediction=…&item=…&type=…}
 * (what a user did with a shown product), {@code POST /admin/models/ranker/canary?version=…&share=…},
 * {@code …/promote?version=…} and {@code …/rollback} with {@code Authorization: Bearer <token>}: the
 * token goes to the ranker's authenticator (an HMAC token, single-use), so a missing, forged,
 * expired or replayed one gets 401 and a principal the hook refuses 403, each audited. Bad requests
 * get a 4xx with a message; nothing a caller sends is logged.
 */
public final class SearchServer implements AutoCloseable {
  static final int MAX_QUERY_CHARS = 1_000;
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

  private final HttpServer server;
  private final SearchService search;
  private final MonitoredModel ranker;
  private final ModelHealthRegistry health;

  private SearchServer(HttpServer server, SearchService search, MonitoredModel ranker,
      ModelHealthRegistry health) {
    this.server = server;
    this.search = search;
    this.ranker = ranker;
    this.health = health;
  }

  /** Listens on {@code 127.0.0.1:port} (0: any free port). */
  public static SearchServer start(int port, SearchService search, MonitoredModel ranker,
      ModelHealthRegistry health, PrometheusMeterRegistry metrics) throws IOException {
    // Without TCP_NODELAY, headers and body go out as two small writes and delayed ACKs add ~40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    SearchServer server = new SearchServer(http, search, ranker, health);
    http.createContext("/search", exchange -> server.handle(exchange,
        exchange.getRequestMethod().equals("POST") ? "POST" : "GET", server::search));
    http.createContext("/events", exchange -> server.handle(exchange, "POST", server::event));
    http.createContext("/health", exchange -> server.handle(exchange, "GET", e -> server.health()));
    http.createContext("/metrics", exchange -> server.handle(exchange, "GET", e -> new Reply(200, metrics.scrape())));
    http.createContext("/admin/models/ranker/", exchange -> server.handle(exchange, "POST", server::admin));
    http.setExecutor(Executors.newFixedThreadPool(16, task -> {
      Thread thread = new Thread(task, "search-http");
      thread.setDaemon(true);
      return thread;
    }));
    http.start();
    return server;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** GET with the query string, or POST with a form body of at most 64 KiB (long queries). */
  private Reply search(HttpExchange exchange) throws IOException {
    Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
    if (exchange.getRequestMethod().equals("POST")) {
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        // Read the rest (up to a bound) so the client sees the answer: closing on an unread body
        // makes the peer reset the connection, and the 413 is lost.
        if (!drained(exchange.getRequestBody())) {
          exchange.getResponseHeaders().set("Connection", "close");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return new Reply(413, "the form body has " + (length != null ? length : "more than " + MAX_BODY_BYTES)
            + " bytes; at most " + MAX_BODY_BYTES + " are read, and q may have at most " + MAX_QUERY_CHARS
            + " characters\n");
      }
      query.putAll(parameters(new String(body, StandardCharsets.UTF_8)));
    }
    String q = query.get("q");
    if (q == null || q.isBlank()) {
      return new Reply(400, "missing query parameter q\n");
    }
    if (q.length() > MAX_QUERY_CHARS) {
      return new Reply(413, "q is " + q.length() + " characters; at most " + MAX_QUERY_CHARS + " are allowed\n");
    }
    int k;
    try {
      k = Integer.parseInt(query.getOrDefault("k", "10"));
    } catch (NumberFormatException e) {
      return new Reply(400, "k must be an integer in [1, 100]\n");
    }
    if (k < 1 || k > 100) {
      return new Reply(400, "k must be in [1, 100], but was " + k + "\n");
    }
    SearchService.Result result = search.search(q, k);
    StringBuilder body = new StringBuilder("{\"ranker_version\":\"" + result.rankerVersion()
        + "\",\"prediction\":\"" + result.predictionId() + "\",\"hits\":[");
    for (int i = 0; i < result.hits().size(); i++) {
      SearchService.Hit hit = result.hits().get(i);
      body.append(i == 0 ? "" : ",")
          .append("{\"id\":").append(hit.product().id())
          .append(",\"title\":").append(quote(hit.product().title()))
          .append(",\"category\":").append(quote(hit.product().category()))
          .append(",\"price\":").append(hit.product().price())
          .append(",\"similarity\":").append(hit.similarity())
          .append(",\"score\":").append(hit.score()).append('}');
    }
    return new Reply(200, body.append("]}\n").toString());
  }

  /**
   * {@code POST /events?prediction=…&item=…&type=click|add_to_cart|purchase[&value=…]}: what a user
   * did with a product a search showed. Unknown or late ids are counted by the library, not refused.
   */
  private Reply event(HttpExchange exchange) {
    Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
    String prediction = query.get("prediction");
    String item = query.get("item");
    Outcome outcome = switch (query.getOrDefault("type", "")) {
      case "click" -> Outcome.CLICK;
      case "add_to_cart" -> Outcome.ADD_TO_CART;
      case "purchase" -> Outcome.PURCHASE;
      default -> null;
    };
    if (prediction == null || item == null || outcome == null) {
      return new Reply(400, "needs prediction, item and type (click, add_to_cart or purchase)\n");
    }
    double value;
    try {
      value = Double.parseDouble(query.getOrDefault("value", "0"));
    } catch (NumberFormatException e) {
      return new Reply(400, "value must be a number\n");
    }
    ranker.outcomes().record(prediction, item, outcome, value);
    return new Reply(204, "");
  }

  private Reply health() {
    HealthStatus status = health.health();
    return new Reply(status.isReady() ? 200 : 503, status + "\n");
  }

  private Reply admin(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String action = path.substring(path.lastIndexOf('/') + 1);
    Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || auth.length() == "Bearer ".length()) {
      return new Reply(401, "admin calls need Authorization: Bearer <token>\n");
    }
    AdminCredential credential = AdminCredential.bearer(auth.substring("Bearer ".length()));
    switch (action) {
      case "promote":
        String version = query.get("version");
        if (version == null) {
          return new Reply(400, "missing query parameter version\n");
        }
        return new Reply(200, "serving " + ranker.deployer().promote(credential, version) + "\n");
      case "canary":
        String candidate = query.get("version");
        String share = query.getOrDefault("share", "0.1");
        if (candidate == null) {
          return new Reply(400, "missing query parameter version\n");
        }
        return new Reply(200, "canary " + ranker.deployer().canary(credential, candidate,
            Double.parseDouble(share)) + " at " + share + "\n");
      case "rollback":
        return new Reply(200, "serving " + ranker.deployer().rollback(credential) + "\n");
      default:
        return new Reply(404, "no admin action '" + action + "'; use canary, promote or rollback\n");
    }
  }

  private void handle(HttpExchange exchange, String method, Handler handler) throws IOException {
    try (exchange) {
      Reply reply;
      if (!exchange.getRequestMethod().equals(method)) {
        reply = new Reply(405, "use " + method + "\n");
      } else {
        reply = replyOrError(exchange, handler);
      }
      byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length); // -1: no body
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Reply replyOrError(HttpExchange exchange, Handler handler) throws IOException {
    try {
      return handler.handle(exchange);
    } catch (AccessDeniedException e) {
      return new Reply(e.authenticationFailure().isPresent() ? 401 : 403, e.getMessage() + "\n");
    } catch (InvalidInputException | IllegalArgumentException e) {
      return new Reply(400, e.getMessage() + "\n");
    } catch (ModelOverloadedException e) {
      return new Reply(503, e.getMessage() + "\n");
    } catch (InferenceException | IllegalStateException e) {
      return new Reply(500, e.getMessage() + "\n");
    }
  }

  /** Reads {@code body} to its end, up to {@link #MAX_DRAIN_BYTES}; whether the end was reached. */
  private static boolean drained(InputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    long read = 0;
    for (int n; (n = body.read(buffer)) != -1; ) {
      read += n;
      if (read > MAX_DRAIN_BYTES) {
        return false;
      }
    }
    return true;
  }

  /** A JSON string literal; catalogue titles hold no control characters, but quote them anyway. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** The parameters of a URL-encoded query string or form body (first value wins). */
  static Map<String, String> parameters(String raw) {
    Map<String, String> parameters = new HashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        parameters.putIfAbsent(key, value);
      }
    }
    return parameters;
  }

  @FunctionalInterface
  private interface Handler {
    Reply handle(HttpExchange exchange) throws IOException;
  }

  private record Reply(int status, String body) {}

  @Override
  public void close() {
    server.stop(0);
  }
}
