package dev.monitoredinference.examples.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.examples.Binaries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * A real Prometheus (the Debian package {@code prometheus}, which {@code .ci/run} installs) scrapes
 * the search demo's {@code /actuator/prometheus} on loopback while it serves searches; its HTTP API must then
 * answer a histogram_quantile over the request duration and the model info series with the
 * expected labels. Skipped, saying so, where the binary is absent.
 */
@DemoApplicationTest
class RealPrometheusTest {
  @Autowired WebServerApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path work;

  private String query(int port, String promql) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private String awaitResult(int port, String promql) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      try {
        body = query(port, promql);
        if (body.contains("\"result\":[{")) {
          return body;
        }
      } catch (IOException notUpYet) {
        body = notUpYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Prometheus gave no result for " + promql + " within 90 s; last answer: " + body);
  }

  @Test
  void prometheusScrapesTheDemo_andAnswersQuantileAndInfoQueries() throws Exception {
    Path prometheus = Binaries.find("prometheus");
    Assumptions.assumeTrue(prometheus != null,
        "no prometheus binary on PATH: install the Debian package 'prometheus' (.ci/run does) to run this test");
    AtomicBoolean stop = new AtomicBoolean();
    Instant started = Instant.now();
    int webPort;
    try (ServerSocket free = new ServerSocket(0)) {
      webPort = free.getLocalPort();
    }
    int demoPort = context.getWebServer().getPort();
    Traffic client = new Traffic(demoPort, new History());
    Thread traffic = new Thread(() -> {
      while (!stop.get()) {
        try {
          client.get("/search?k=5&q=red+running+shoes");
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    });
    traffic.start();
    Path config = Files.writeString(work.resolve("prometheus.yml"), String.join("\n",
        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
        "scrape_configs:",
        "  - job_name: search",
        "    metrics_path: /actuator/prometheus",
        "    static_configs: [{targets: ['127.0.0.1:" + demoPort + "']}]", ""));
    Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort)
        .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
    try {
      String info = awaitResult(webPort, "monitored_inference_model_info");
      assertThat(info).contains("\"job\":\"search\"", "\"model\":\"ranker\"", "\"model_version\":\"1\"",
          "\"execution_provider\":\"cpu\"");
      String quantile = awaitResult(webPort, "histogram_quantile(0.99, sum by (le, model) "
          + "(rate(monitored_inference_request_duration_seconds_bucket{model=\"ranker\",error_type=\"none\"}[5s])))");
      assertThat(quantile).contains("\"model\":\"ranker\"");
      Matcher value = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]").matcher(quantile);
      assertThat(value.find()).as(quantile).isTrue();
      double p99 = Double.parseDouble(value.group(1));
      assertThat(p99).as("p99 seconds, a bucket boundary of at most 2.5 s").isGreaterThan(0).isLessThanOrEqualTo(2.5);

      // The history report, read back from Prometheus' query_range API once two scrapes of
      // traffic fall inside one rate window.
      PrometheusHistory history = new PrometheusHistory(URI.create("http://127.0.0.1:" + webPort));
      List<History.Window> windows = List.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (windows.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(500);
        windows = history.windows(started, Instant.now(), Duration.ofSeconds(1));
      }
      assertThat(windows).as("history windows within 60 s").isNotEmpty();
      History.Window last = windows.get(windows.size() - 1);
      assertThat(last.version()).isEqualTo("v1");
      assertThat(last.requests()).isPositive();
      assertThat(last.p99Ms()).isPositive();
      CapacityForecast.Settings settings = history.settings(started, Instant.now(), Duration.ofSeconds(1));
      assertThat(settings.seasonSteps()).isZero(); // less than two days of history
      assertThat(settings.horizonSteps()).isEqualTo(4 * 3600);
      Path html = HistoryReport.write(work.resolve("history"), windows, settings);
      assertThat(Files.readString(html)).contains("<td>v1</td>");
      assertThat(work.resolve("history/latency.png")).exists();
    } finally {
      stop.set(true);
      traffic.join();
      server.destroy();
      server.waitFor();
    }
  }
}
