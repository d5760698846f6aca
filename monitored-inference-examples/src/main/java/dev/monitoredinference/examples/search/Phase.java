package dev.monitoredinference.examples.search;

import dev.monitoredinference.Variant;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.outcomes.QualityFigures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
  final List<Quality.Row> quality;

  Phase(String name, Latencies latencies, Snapshot before, Snapshot after, String version,
      String provider, double drift, List<String> events, List<Quality.Row> quality) {
    this.drift = drift;
    this.name = name;
    this.latencies = latencies;
    this.before = before;
    this.after = after;
    this.version = version;
    this.provider = provider;
    this.events = new ArrayList<>(events); // the scenario appends what decided a phase
    this.quality = List.copyOf(quality);
  }

  /** One line per ranker version (and variant) that served searches in the phase. */
  List<String> qualityLines() {
    List<String> lines = new ArrayList<>();
    for (Quality.Row row : quality) {
      lines.add(qualityLine(name, row));
    }
    return lines;
  }

  static String qualityLine(String phase, Quality.Row row) {
    QualityFigures f = row.figures();
    return String.format("%-20s %-12s %7d %8.3f %10.3f %8s", phase, row.label(), f.searches(), f.ctr(),
        f.conversionRate(), f.settledEngagedSearches() == 0 ? "-" : String.format("%.3f", f.ndcg()));
  }

  static String qualityHeader() {
    return String.format("%-20s %-12s %7s %8s %10s %8s", "phase", "ranker", "searches", "CTR@10",
        "conversion", "NDCG@10");
  }

  /** The outcome tracker's sums per version and variant at one instant. */
  static final class Quality {
    /** A version (and variant) and its figures over a phase. */
    record Row(String label, QualityFigures figures) {
      /** Each version and variant's figures since the tracker started. */
      static List<Row> whole(OutcomeTracker tracker) {
        return new Quality(tracker).since(new Quality());
      }
    }

    private final Map<String, QualityFigures> figures = new TreeMap<>();

    private Quality() {}

    Quality(OutcomeTracker tracker) {
      for (String version : tracker.versions()) {
        for (Variant variant : Variant.values()) {
          figures.put("v" + version + (variant == Variant.CANARY ? " (canary)" : ""),
              tracker.totals(version, variant));
        }
      }
    }

    /** What changed since {@code earlier}: the rows with searches in between. */
    List<Row> since(Quality earlier) {
      List<Row> rows = new ArrayList<>();
      figures.forEach((label, now) -> {
        QualityFigures then = earlier.figures.get(label);
        QualityFigures delta = then == null ? now : now.minus(then);
        if (delta.searches() > 0) {
          rows.add(new Row(label, delta));
        }
      });
      return rows;
    }
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
