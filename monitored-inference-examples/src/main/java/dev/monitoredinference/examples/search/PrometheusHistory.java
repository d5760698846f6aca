package dev.monitoredinference.examples.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history report from a Prometheus: reads a time range of the search demo's series through
 * {@code /api/v1/query_range} and charts it like the demo's own history.
 *
 * <pre>
 * java -cp … dev.monitoredinference.examples.search.PrometheusHistory \
 *     http://127.0.0.1:9090 2026-11-29T10:00:00Z 2026-11-29T11:00:00Z 15 history/
 * </pre>
 */
public final class PrometheusHistory {
  private static final String REQUESTS = "monitored_inference_request_duration_seconds";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI prometheus;

  PrometheusHistory(URI prometheus) {
    this.prometheus = prometheus;
  }

  /** Arguments: Prometheus base URL, from, to (ISO-8601 instants), step in seconds, output directory. */
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: PrometheusHistory <prometheus-url> <from> <to> <step-seconds> <out-dir>");
      System.exit(2);
    }
    PrometheusHistory prometheus = new PrometheusHistory(URI.create(args[0]));
    Instant from = Instant.parse(args[1]);
    Instant to = Instant.parse(args[2]);
    Duration step = Duration.ofSeconds(Long.parseLong(args[3]));
    List<History.Window> windows = prometheus.windows(from, to, step);
    System.out.println("history report: " + HistoryReport.write(Path.of(args[4]), windows,
        prometheus.settings(from, to, step)));
  }

  /**
   * Forecast settings for a range: a daily season when the range holds two days or more, four
   * hours ahead, the shipped 50 ms p95 SLO, and the resident-memory limit the replicas export.
   */
  CapacityForecast.Settings settings(Instant from, Instant to, Duration step)
      throws IOException, InterruptedException {
    long seconds = step.toSeconds();
    int daily = (int) (Duration.ofDays(1).toSeconds() / seconds);
    boolean seasonal = Duration.between(from, to).compareTo(Duration.ofDays(2)) >= 0;
    Map<Long, Double> limit = single(range("max(monitored_inference_process_memory_limit_bytes)", from, to, step));
    double limitMb = limit.isEmpty() ? Double.NaN : ((TreeMap<Long, Double>) limit).lastEntry().getValue() / 1e6;
    return new CapacityForecast.Settings(seconds, seasonal ? daily : 0,
        (int) Math.max(1, Duration.ofHours(4).toSeconds() / seconds), 50, limitMb);
  }

  /** One window per step between {@code from} and {@code to} that had search traffic. */
  List<History.Window> windows(Instant from, Instant to, Duration step) throws IOException, InterruptedException {
    String range = "[" + Math.max(2 * step.toSeconds(), 5) + "s]";
    String success = REQUESTS + "_bucket{model=\"ranker\",error_type=\"none\"}";
    Map<Long, Double> p50 = single(range(quantile(0.50, success, range), from, to, step));
    Map<Long, Double> p95 = single(range(quantile(0.95, success, range), from, to, step));
    Map<Long, Double> p99 = single(range(quantile(0.99, success, range), from, to, step));
    Map<Long, Double> rate = single(range("sum(rate(" + REQUESTS + "_count{model=\"ranker\"}" + range + "))", from, to, step));
    Map<Long, Double> failed = single(range("sum(rate(" + REQUESTS
        + "_count{model=\"ranker\",error_type!~\"none|invalid_input\"}" + range + "))", from, to, step));
    Map<Long, Double> drift = single(range("max(monitored_inference_drift_score{model=\"query-encoder\","
        + "method=\"drifted_projections\"})", from, to, step));
    Map<Long, Double> resident = single(range("max(monitored_inference_process_memory_resident_bytes)",
        from, to, step));
    Map<Long, Double> ctr = single(range("sum(rate(monitored_inference_outcome_engaged_searches_total{model=\"ranker\"}"
        + range + ")) / sum(rate(monitored_inference_outcome_searches_total{model=\"ranker\"}" + range + "))",
        from, to, step));
    Map<Long, String> versions = new TreeMap<>();
    for (Series series : range("monitored_inference_model_info{model=\"ranker\"}", from, to, step)) {
      for (Long t : series.points().keySet()) {
        versions.merge(t, "v" + series.label(), (a, b) -> a.compareTo(b) <= 0 ? a + "+" + b : b + "+" + a);
      }
    }
    List<History.Window> windows = new ArrayList<>();
    for (Map.Entry<Long, Double> entry : rate.entrySet()) {
      long t = entry.getKey();
      long requests = Math.round(entry.getValue() * step.toSeconds());
      windows.add(new History.Window(t - from.getEpochSecond(), (int) requests,
          (int) Math.round(failed.getOrDefault(t, 0.0) * step.toSeconds()),
          1000 * p50.getOrDefault(t, Double.NaN), 1000 * p95.getOrDefault(t, Double.NaN),
          1000 * p99.getOrDefault(t, Double.NaN), drift.getOrDefault(t, Double.NaN),
          versions.getOrDefault(t, ""), resident.getOrDefault(t, Double.NaN) / 1e6,
          ctr.getOrDefault(t, Double.NaN)));
    }
    return windows;
  }

  private static String quantile(double q, String buckets, String range) {
    return "histogram_quantile(" + q + ", sum by (le) (rate(" + buckets + range + ")))";
  }

  private static Map<Long, Double> single(List<Series> series) {
    return series.isEmpty() ? Map.of() : series.get(0).numbers();
  }

  /** One series of a query_range answer: its model_version label (if any) and points. */
  private record Series(String label, Map<Long, String> points) {
    Map<Long, Double> numbers() {
      Map<Long, Double> numbers = new TreeMap<>();
      points.forEach((t, v) -> numbers.put(t, Double.parseDouble(v)));
      return numbers;
    }
  }

  private List<Series> range(String promql, Instant from, Instant to, Duration step)
      throws IOException, InterruptedException {
    URI uri = prometheus.resolve("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + from.getEpochSecond() + "&end=" + to.getEpochSecond() + "&step=" + step.toSeconds());
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("Prometheus answered " + response.statusCode() + " to " + promql + ": " + response.body());
    }
    return parse(response.body());
  }

  /** The series of a query_range JSON answer: {@code data.result[].{metric, values[[t, "v"]]}}. */
  static List<Series> parse(String json) throws IOException {
    List<Series> series = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      String label = "";
      Map<Long, String> points = null;
      while (parser.nextToken() != null) {
        if (parser.currentToken() == JsonToken.FIELD_NAME && "model_version".equals(parser.currentName())) {
          parser.nextToken();
          label = parser.getText();
        } else if (parser.currentToken() == JsonToken.FIELD_NAME && "values".equals(parser.currentName())) {
          parser.nextToken();
          points = new TreeMap<>();
          while (parser.nextToken() == JsonToken.START_ARRAY) {
            parser.nextToken();
            long t = (long) parser.getDoubleValue();
            parser.nextToken();
            points.put(t, parser.getText());
            parser.nextToken();
          }
          series.add(new Series(label, points));
          label = "";
        }
      }
    }
    return series;
  }
}
