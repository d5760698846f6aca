package dev.monitoredinference.examples.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.List;

/** One phase of the scenario and what it recorded: client latencies and registry deltas. */
final class Phase {
  final String name;
  final Latencies latencies;
  final Snapshot before;
  final Snapshot after;
  final String version;
  final String provider;
  final double drift;
  final List<String> events;

  Phase(String name, Latencies latencies, Snapshot before, Snapshot after, String version,
      String provider, double drift, List<String> events) {
    this.drift = drift;
    this.name = name;
    this.latencies = latencies;
    this.before = before;
    this.after = after;
    this.version = version;
    this.provider = provider;
    this.events = List.copyOf(events);
  }

  /** One line of the report. */
  String line() {
    double hits = after.cacheHits - before.cacheHits;
    double gets = hits + after.cacheMisses - before.cacheMisses;
    double batches = after.batches - before.batches;
    double compared = after.divergenceCount - before.divergenceCount;
    return String.format("%-20s %6d %7.2f %7.2f %7.2f %6d %6d %6s %5s %6s %5s %8s %-4s %s", name,
        latencies.nanos.length, latencies.percentile(0.50), latencies.percentile(0.95),
        latencies.percentile(0.99), (long) (after.errors - before.errors) + latencies.failed,
        (long) (after.rejections - before.rejections),
        gets == 0 ? "-" : String.format("%.0f%%", 100 * hits / gets),
        batches == 0 ? "-" : String.format("%.1f", (after.batchItems - before.batchItems) / batches),
        compared == 0 ? "-" : String.format("%.2f", (after.divergenceSum - before.divergenceSum) / compared),
        Double.isNaN(drift) ? "-" : String.format("%.2f", drift), version, provider, String.join("; ", events));
  }

  /** Errors in the phase: failed requests plus the library's error-typed calls, as text. */
  String errorCount() {
    return Long.toString((long) (after.errors - before.errors) + latencies.failed);
  }

  static String header() {
    return String.format("%-20s %6s %7s %7s %7s %6s %6s %6s %5s %6s %5s %8s %-4s %s", "phase", "reqs",
        "p50 ms", "p95 ms", "p99 ms", "errors", "reject", "cache", "batch", "diverg", "drift", "ranker",
        "on", "events");
  }

  /** Client-side latencies of a phase's requests, and how many failed. */
  static final class Latencies {
    final long[] nanos;
    final int failed;

    Latencies(long[] nanos, int failed) {
      this.nanos = nanos.clone();
      Arrays.sort(this.nanos);
      this.failed = failed;
    }

    double percentile(double q) {
      return History.percentile(nanos, q);
    }
  }

  /** The registry's cumulative counts at one instant. */
  static final class Snapshot {
    final double errors;
    final double rejections;
    final double cacheHits;
    final double cacheMisses;
    final double batches;
    final double batchItems;
    final double divergenceSum;
    final double divergenceCount;

    Snapshot(MeterRegistry registry) {
      errors = registry.find("monitored.inference.request.duration").timers().stream()
          .filter(t -> !"none".equals(t.getId().getTag("error.type"))
              && !"invalid_input".equals(t.getId().getTag("error.type")))
          .mapToDouble(Timer::count).sum();
      rejections = registry.find("monitored.inference.rejections").counters().stream()
          .mapToDouble(Counter::count).sum();
      cacheHits = registry.find("cache.gets").tag("result", "hit").functionCounters().stream()
          .mapToDouble(FunctionCounter::count).sum();
      cacheMisses = registry.find("cache.gets").tag("result", "miss").functionCounters().stream()
          .mapToDouble(FunctionCounter::count).sum();
      batches = registry.find("monitored.inference.batch.size").summaries().stream()
          .mapToDouble(DistributionSummary::count).sum();
      batchItems = registry.find("monitored.inference.batch.size").summaries().stream()
          .mapToDouble(DistributionSummary::totalAmount).sum();
      List<DistributionSummary> divergence = List.copyOf(registry.find("monitored.inference.shadow.divergence")
          .tag("method", "mean_abs_diff").summaries());
      divergenceSum = divergence.stream().mapToDouble(DistributionSummary::totalAmount).sum();
      divergenceCount = divergence.stream().mapToDouble(DistributionSummary::count).sum();
    }
  }
}
