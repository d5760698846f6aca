package dev.monitoredinference.examples.search;

import dev.monitoredinference.Variant;
import dev.monitoredinference.drift.DriftMethod;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.outcomes.QualityFigures;
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
import java.util.function.BooleanSupplier;

/**
 * The scripted scenario: warm-up, steady Zipf traffic, a category shift in the queries (drift), a
 * refused and an accepted canary of ranker v2 that the rollback guard ends because simulated users
 * click its rankings less, a promote of ranker v3 that the post-promotion watch rolls back for the
 * same reason (more subtly), an injected slowdown (anomaly) and its recovery; then a report per
 * phase, with click-through, conversion and NDCG per ranker version.
 */
final class Scenario {
  private final RunningDemo demo;
  private final Traffic traffic;
  private final PrintStream out;
  private final double scale;
  private final List<Phase> phases = new ArrayList<>();
  /** The longest a phase waits for the rollback guard or the promotion watch to decide. */
  static final Duration DECISION_CAP = Duration.ofSeconds(120);

  private final History history = new History();
  private int alertsSeen;

  private Scenario(RunningDemo demo, PrintStream out, double scale) {
    this.demo = demo;
    this.traffic = new Traffic(demo.port(), history);
    this.out = out;
    this.scale = scale;
  }

  /** Runs the scenario, prints the report and writes the history report into the demo's work directory. */
  static List<Phase> run(RunningDemo demo, PrintStream out, double scale) throws Exception {
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
    HttpResponse<String> refused = traffic.post("/admin/models/ranker/canary?version=2&share=0.3", "wrong-token");
    events.add("canary with a bad token: " + refused.statusCode());
    HttpResponse<String> canary = traffic.post("/admin/models/ranker/canary?version=2&share=0.3", demo.adminToken());
    events.add("canary v2 at 30 %: " + canary.statusCode());
    // Until the rollback guard's quality verdict ends the canary (users click v2's rankings less).
    phaseUntil("canary v2 (30 %)", everything, () -> demo.ranker().deployer().candidate().isEmpty(), events);
    lastFailure().ifPresent(reason -> last().events.add("ended by the rollback guard: " + reason));

    HttpResponse<String> promoted = traffic.post("/admin/models/ranker/promote?version=3", demo.adminToken());
    // Until the post-promotion watch finds v3 worse than v1 was, and rolls it back.
    phaseUntil("ranker v3 promoted", everything, () -> demo.ranker().version().version().equals("1"),
        List.of("promote v3: " + promoted.statusCode()));
    lastFailure().ifPresent(reason -> last().events.add("rolled back by the promotion watch: " + reason));

    demo.slowdown().set(true);
    phase("injected slowdown", everything, 6, List.of("ranker +80 ms per call"));
    demo.slowdown().set(false);
    phase("recovered", everything, 12, List.of());
  }

  private java.util.Optional<String> lastFailure() {
    return demo.ranker().deployer().lastFailure();
  }

  private Phase last() {
    return phases.get(phases.size() - 1);
  }

  /** A phase that runs until {@code done} says so, at most {@link #DECISION_CAP}, whatever the scale. */
  private void phaseUntil(String name, List<String> queries, BooleanSupplier done, List<String> events)
      throws Exception {
    run(name, queries, DECISION_CAP, done, events);
  }

  /** Runs {@code seconds} (times the scale) of traffic from 8 clients and records the phase. */
  private void phase(String name, List<String> queries, int seconds, List<String> events) throws Exception {
    run(name, queries, Duration.ofMillis(Math.max(500, (long) (seconds * 1000 * scale))), () -> false, events);
  }

  private void run(String name, List<String> queries, Duration duration, BooleanSupplier done,
      List<String> events) throws Exception {
    long started = System.nanoTime();
    Phase.Snapshot before = new Phase.Snapshot(demo.registry());
    Phase.Quality qualityBefore = new Phase.Quality(demo.ranker().outcomes());
    Phase.Latencies latencies = traffic.send(queries, duration, 8, phases.size(), done);
    out.printf("  phase: %-20s %5.1f s%n", name, (System.nanoTime() - started) / 1e9);
    demo.ranker().anomalies().evaluate();
    Phase.Snapshot after = new Phase.Snapshot(demo.registry());
    List<String> all = new ArrayList<>(events);
    List<String> alerts = demo.alerts().all();
    all.addAll(alerts.subList(alertsSeen, alerts.size()).stream().map(a -> "alert: " + a).toList());
    alertsSeen = alerts.size();
    demo.embedder().drift().evaluate();
    DriftReport drift = demo.embedder().drift().report();
    double driftScore = demo.embedder().drift().score("embedding", DriftMethod.DRIFTED_PROJECTIONS);
    if (!drift.drifted().isEmpty()) {
      all.add(String.format("drift: query embeddings (%.0f %% of projections)", 100 * driftScore));
    }
    List<Phase.Quality.Row> quality = new Phase.Quality(demo.ranker().outcomes()).since(qualityBefore);
    phases.add(new Phase(name, latencies, before, after, versionsSeen(quality),
        demo.embedder().version().executionProvider().tagValue(), driftScore, all, quality));
  }

  private void sample() {
    QualityFigures serving = demo.ranker().outcomes()
        .window(demo.ranker().version().version(), Variant.CONTROL);
    history.sample(servedVersion(),
        demo.embedder().drift().score("embedding", DriftMethod.DRIFTED_PROJECTIONS),
        ProcessMemory.system().residentBytes().orElse(-1),
        serving.searches() == 0 ? Double.NaN : serving.ctr());
  }

  /** The ranker versions that answered searches in a phase, e.g. {@code v1+v2}. */
  private String versionsSeen(List<Phase.Quality.Row> quality) {
    java.util.Set<String> versions = new java.util.TreeSet<>();
    quality.forEach(row -> versions.add(row.label().split(" ")[0]));
    return versions.isEmpty() ? servedVersion() : String.join("+", versions);
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
    out.println();
    out.println("quality per phase and ranker version (simulated users; NDCG@10 over searches whose"
        + " 5 s attribution window closed)");
    out.println(Phase.qualityHeader());
    phases.forEach(phase -> phase.qualityLines().forEach(out::println));
    // Searches settle when their attribution window closes, so a short phase's NDCG shows here.
    Phase.Quality.Row.whole(demo.ranker().outcomes()).forEach(row -> out.println(Phase.qualityLine("whole run", row)));
    Path report = HistoryReport.write(demo.work().resolve("history"), history.windows(),
        CapacityForecast.Settings.perSecond());
    out.printf("%nhealth: %s%naudit log: %s%nhistory report: %s%n", demo.ranker().health(),
        demo.work().resolve("audit.jsonl"), report);
  }
}
