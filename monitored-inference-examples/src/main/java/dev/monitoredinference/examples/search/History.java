package dev.monitoredinference.examples.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The demo's own history, per second: each request as the client saw it, and once a second the
 * ranker version serving, the query-embedding drift score, the process's resident memory and the
 * serving ranker's click-through rate over the outcome tracker's sliding window. What the history report charts when
 * no Prometheus is at hand. Thread-safe.
 */
final class History {
  private final long startNanos = System.nanoTime();
  private final ConcurrentLinkedQueue<long[]> requests = new ConcurrentLinkedQueue<>();
  private final Map<Long, String> versions = new ConcurrentHashMap<>();
  private final Map<Long, Double> drift = new ConcurrentHashMap<>();
  private final Map<Long, Double> residentMb = new ConcurrentHashMap<>();
  private final Map<Long, Double> ctr = new ConcurrentHashMap<>();

  /** One request that ended now, after {@code latencyNanos}. */
  void request(long latencyNanos, boolean ok) {
    requests.add(new long[] {second(), latencyNanos, ok ? 1 : 0});
  }

  /**
   * The state sampled now; {@code residentBytes} negative when the platform does not say, {@code
   * clickThrough} NaN before any search was counted.
   */
  void sample(String version, double driftScore, long residentBytes, double clickThrough) {
    long second = second();
    versions.put(second, version);
    drift.put(second, driftScore);
    if (!Double.isNaN(clickThrough)) {
      ctr.put(second, clickThrough);
    }
    if (residentBytes >= 0) {
      residentMb.put(second, residentBytes / 1e6);
    }
  }

  private long second() {
    return (System.nanoTime() - startNanos) / 1_000_000_000L;
  }

  /** One second of history. */
  record Window(long second, int requests, int failed, double p50Ms, double p95Ms, double p99Ms,
      double drift, String version, double residentMb, double ctr) {}

  /** Every second that saw a request, in order; version, drift and memory carried forward between samples. */
  List<Window> windows() {
    Map<Long, List<long[]>> bySecond = new TreeMap<>();
    requests.forEach(r -> bySecond.computeIfAbsent(r[0], s -> new ArrayList<>()).add(r));
    List<Window> windows = new ArrayList<>();
    String version = "";
    double score = Double.NaN;
    double resident = Double.NaN;
    double clickThrough = Double.NaN;
    for (Map.Entry<Long, List<long[]>> entry : bySecond.entrySet()) {
      long second = entry.getKey();
      version = versions.getOrDefault(second, version);
      score = drift.getOrDefault(second, score);
      resident = residentMb.getOrDefault(second, resident);
      clickThrough = ctr.getOrDefault(second, clickThrough);
      long[] latencies = entry.getValue().stream().mapToLong(r -> r[1]).sorted().toArray();
      int failed = (int) entry.getValue().stream().filter(r -> r[2] == 0).count();
      windows.add(new Window(second, latencies.length, failed, percentile(latencies, 0.50),
          percentile(latencies, 0.95), percentile(latencies, 0.99), score, version, resident, clickThrough));
    }
    return windows;
  }

  /** The nearest-rank {@code q} quantile of sorted nanoseconds, in milliseconds; 0 when empty. */
  static double percentile(long[] sorted, double q) {
    return sorted.length == 0 ? 0
        : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  @Override
  public String toString() {
    return "History[" + requests.size() + " requests, " + Arrays.toString(versions.values().toArray()) + "]";
  }
}
