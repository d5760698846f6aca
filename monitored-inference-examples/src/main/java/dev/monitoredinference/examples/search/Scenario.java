package dev.monitoredinference.examples.search;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scripted scenario: warm-up, steady Zipf traffic, a category shift in the queries, a refused
 * and an accepted promote of ranker v2, a rollback, an injected slowdown and its recovery; then a
 * report per phase.
 */
final class Scenario {
  private final SearchDemo.Running demo;
  private final Traffic traffic;
  private final PrintStream out;
  private final double scale;
  private final List<Phase> phases = new ArrayList<>();
  private int alertsSeen;

  private Scenario(SearchDemo.Running demo, PrintStream out, double scale) {
    this.demo = demo;
    this.traffic = new Traffic(demo.server().port());
    this.out = out;
    this.scale = scale;
  }

  static List<Phase> run(SearchDemo.Running demo, PrintStream out, double scale) throws Exception {
    Scenario scenario = new Scenario(demo, out, scale);
    scenario.script();
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
    HttpResponse<String> refused = traffic.post("/admin/models/ranker/promote?version=2", "wrong-token");
    events.add("promote with a bad token: " + refused.statusCode());
    HttpResponse<String> promoted = traffic.post("/admin/models/ranker/promote?version=2", SearchDemo.ADMIN_TOKEN);
    events.add("promote v2: " + promoted.statusCode());
    phase("ranker v2 promoted", everything, 5, events);

    HttpResponse<String> rolledBack = traffic.post("/admin/models/ranker/rollback", SearchDemo.ADMIN_TOKEN);
    phase("rolled back to v1", everything, 4, List.of("rollback: " + rolledBack.statusCode()));

    demo.slow().set(true);
    phase("injected slowdown", everything, 6, List.of("ranker +80 ms per call"));
    demo.slow().set(false);
    phase("recovered", everything, 9, List.of());
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
    phases.add(new Phase(name, latencies, before, after, "v" + demo.ranker().version().version(),
        demo.embedder().version().executionProvider().tagValue(), all));
  }

  private void report() {
    out.println();
    out.println("report (latencies measured by the HTTP client; errors, rejections, cache and batches from the library's meters)");
    out.println(Phase.header());
    phases.forEach(phase -> out.println(phase.line()));
    out.printf("%nhealth: %s%naudit log: %s%n", demo.ranker().health(), demo.work().resolve("audit.jsonl"));
  }
}
