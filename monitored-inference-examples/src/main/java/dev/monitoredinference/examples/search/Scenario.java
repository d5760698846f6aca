package dev.monitoredinference.examples.search;

import dev.monitoredinference.drift.DriftMethod;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.resources.ProcessMemory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scripted scenario: warm-up, steady Zipf traffic, a category shift in the queries (drift), a
 * refused and an accepted canary of ranker v2 with comparisons, its full promote, a rollback, an
 * injected slowdown (anomaly) and its recovery; then a report per phase.
 */
final class Scenario {
  private final SearchDemo.Running demo;
  private final Traffic traffic;
  private final PrintStream out;
  private final double scale;
  private final List<Phase> phases = new ArrayList<>();
  private final History history = new History();
  private int alertsSeen;

  private Scenario(SearchDemo.Running demo, PrintStream out, double scale) {
    this.demo = demo;
    this.traffic = new Traffic(demo.server().port(), history);
    this.out = out;
    this.scale = scale;
  }

  /** Runs the scenario, prints the report and writes the history report into the demo's work directory. */
  static List<Phase> run(SearchDemo.Running demo, PrintStream out, double scale) throws Exception {
    Scenario scenario = new Scenario(demo, out, scale);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "history-sampler");
      thread.setDaemon(true);
      return thread;
    });
    sampler.scheduleAtFixedRate(scenario::sample, 0, 1, TimeUnit.SECONDS);
    try {
      scenario.script();
    } finally {
      sampler.shutdownNow();
    }
    scenario.report();
    return scenario.phases;
  }

  private void script() throws Exception {
    List<String> everything = Traffic.queries(Catalogue.categories());
    List<String> shifted = Traffic.queries(List.of("kitchen", "camping"));
    phase("warm-up", everything, 3, List.of());
    phase("steady traffic", everything, 12, List.of());
    phase("category shift", shifted, 6, List.of());

    List<String> events = new ArrayList<>();
    HttpResponse<String> refused = traffic.post("/admin/models/ranker/canary?version=2&share=0.2", "wrong-token");
    events.add("canary with a bad token: " + refused.statusCode());
    HttpResponse<String> canary = traffic.post("/admin/models/ranker/canary?version=2&share=0.2", demo.adminToken());
    events.add("canary v2 at 20 %: " + canary.statusCode());
    phase("canary v2 (20 %)", everything, 5, events);

    HttpResponse<String> promoted = traffic.post("/admin/models/ranker/promote?version=2", demo.adminToken());
    phase("ranker v2 promoted", everything, 5, List.of("promote v2: " + promoted.statusCode()));

    HttpResponse<String> rolledBack = traffic.post("/admin/models/ranker/rollback", demo.adminToken());
    phase("rolled back to v1", everything, 4, List.of("rollback: " + rolledBack.statusCode()));

    demo.slow().set(true);
    phase("injected slowdown", everything, 6, List.of("ranker +80 ms per call"));
    demo.slow().set(false);
    phase("recovered", everything, 12, List.of());
  }

  /** Runs {@code seconds} (times the scale) of traffic from 8 clients and records the phase. */
  private void phase(String name, List<String> queries, int seconds, List<String> events) throws Exception {
    Duration duration = Duration.ofMillis(Math.max(500, (long) (seconds * 1000 * scale)));
    out.printf("  phase: %-20s %5.1f s%n", name, duration.toMillis() / 1000.0);
    Phase.Snapshot before = new Phase.Snapshot(demo.registry());
    Phase.Latencies latencies = traffic.send(queries, duration, 8, phases.size());
    demo.ranker().anomalies().evaluate();
    Phase.Snapshot after = new Phase.Snapshot(demo.registry());
    List<String> all = new ArrayList<>(events);
    List<String> alerts = demo.alerts();
    all.addAll(alerts.subList(alertsSeen, alerts.size()).stream().map(a -> "alert: " + a).toList());
    alertsSeen = alerts.size();
    demo.embedder().drift().evaluate();
    DriftReport drift = demo.embedder().drift().report();
    double driftScore = demo.embedder().drift().score("embedding", DriftMethod.DRIFTED_PROJECTIONS);
    if (!drift.drifted().isEmpty()) {
      all.add(String.format("drift: query embeddings (%.0f %% of projections)", 100 * driftScore));
    }
    phases.add(new Phase(name, latencies, before, after, servedVersion(),
        demo.embedder().version().executionProvider().tagValue(), driftScore, all));
  }

  private void sample() {
    history.sample(servedVersion(),
        demo.embedder().drift().score("embedding", DriftMethod.DRIFTED_PROJECTIONS),
        ProcessMemory.system().residentBytes().orElse(-1));
  }

  private String servedVersion() {
    String serving = "v" + demo.ranker().version().version();
    return demo.ranker().deployer().candidate().map(c -> serving + "+v" + c).orElse(serving);
  }

  private void report() throws IOException {
    out.println();
    out.println("report (latencies measured by the HTTP client; errors, rejections, cache and batches from the library's meters)");
    out.println(Phase.header());
    phases.forEach(phase -> out.println(phase.line()));
    Path report = HistoryReport.write(demo.work().resolve("history"), history.windows(),
        CapacityForecast.Settings.perSecond());
    out.printf("%nhealth: %s%naudit log: %s%nhistory report: %s%n", demo.ranker().health(),
        demo.work().resolve("audit.jsonl"), report);
  }
}
