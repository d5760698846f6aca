package dev.monitoredinference.examples.search;

import dev.monitoredinference.anomaly.Alert;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The ranker's anomaly alerts as the report shows them ({@code latency firing}), in order. Thread-safe. */
final class Alerts {
  private final List<String> seen = new CopyOnWriteArrayList<>();

  void record(Alert alert) {
    seen.add(alert.signal().tagValue() + " " + alert.state().name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Every alert so far; a live view. */
  List<String> all() {
    return seen;
  }
}
