package dev.monitoredinference.examples.search;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shop queries over HTTP: a Zipf(1.0) mix over {@code <colour> <item>} and {@code <material>
 * <item>} queries of chosen categories, sent by concurrent clients; latencies measured
 * client-side. Each search's user then reacts to the ten results ({@link Shoppers}) and what they
 * do is posted back to {@code /events} with the search's prediction id.
 */
final class Traffic {
  private static final String[] COLOURS = {"red", "blue", "black", "green", "grey", "navy"};
  private static final String[] MATERIALS = {"lightweight", "waterproof", "insulated", "recycled"};
  private static final Pattern PREDICTION = Pattern.compile("\"prediction\":\"([^\"]+)\"");
  private static final Pattern HIT = Pattern.compile(
      "\\{\"id\":(\\d+),\"title\":\"([^\"]*)\",\"category\":\"[^\"]*\",\"price\":([0-9.E-]+)");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final int port;
  private final History history;

  Traffic(int port, History history) {
    this.port = port;
    this.history = history;
  }

  /** Distinct queries about {@code categories}, most popular first. */
  static List<String> queries(List<String> categories) {
    List<String> queries = new ArrayList<>();
    for (String category : categories) {
      for (String item : Catalogue.itemsOf(category)) {
        for (String colour : COLOURS) {
          queries.add(colour + " " + item);
        }
        for (String material : MATERIALS) {
          queries.add(material + " " + item);
        }
      }
    }
    return queries;
  }

  /**
   * Sends searches drawn Zipf(1.0) from {@code queries} from {@code clients} threads for {@code
   * duration}, or until {@code done} says so (asked after each search).
   */
  Phase.Latencies send(List<String> queries, Duration duration, int clients, long seed,
      BooleanSupplier done) throws Exception {
    double[] cumulative = new double[queries.size()];
    double total = 0;
    for (int rank = 0; rank < cumulative.length; rank++) {
      total += 1.0 / (rank + 1);
      cumulative[rank] = total;
    }
    double sum = total;
    AtomicInteger failed = new AtomicInteger();
    long end = System.nanoTime() + duration.toNanos();
    List<long[]> perClient = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        SplittableRandom random = new SplittableRandom(seed * 31 + c);
        long[][] mine = {new long[1024]};
        int[] count = {0};
        workers.add(pool.submit(() -> {
          while (System.nanoTime() < end && !done.getAsBoolean()) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            String query = queries.get(rank >= 0 ? rank : Math.min(queries.size() - 1, -rank - 1));
            long start = System.nanoTime();
            HttpResponse<String> answer = getBody("/search?k=10&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            boolean ok = answer.statusCode() == 200;
            if (!ok) {
              failed.incrementAndGet();
            }
            history.request(System.nanoTime() - start, ok);
            if (ok) {
              shop(query, answer.body(), random);
            }
            if (count[0] == mine[0].length) {
              mine[0] = Arrays.copyOf(mine[0], count[0] * 2);
            }
            mine[0][count[0]++] = System.nanoTime() - start;
          }
          synchronized (perClient) {
            perClient.add(Arrays.copyOf(mine[0], count[0]));
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdown();
    }
    long[] nanos = perClient.stream().flatMapToLong(Arrays::stream).toArray();
    return new Phase.Latencies(nanos, failed.get());
  }

  /** The simulated user's clicks, carts and purchases on one search's results, posted back. */
  private void shop(String query, String body, SplittableRandom random) throws IOException, InterruptedException {
    Matcher prediction = PREDICTION.matcher(body);
    if (!prediction.find()) {
      return;
    }
    List<Shoppers.Shown> shown = new ArrayList<>();
    Matcher hit = HIT.matcher(body);
    while (hit.find()) {
      shown.add(new Shoppers.Shown(hit.group(1), hit.group(2), Double.parseDouble(hit.group(3))));
    }
    for (Shoppers.Event event : Shoppers.react(query, shown, random)) {
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events?prediction="
              + prediction.group(1) + "&item=" + event.itemId() + "&type=" + event.type() + "&value=" + event.value()))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }
  }

  private HttpResponse<String> getBody(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  int get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  HttpResponse<String> post(String path, String token) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
