package dev.monitoredinference.examples.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The search demo end to end as a Boot application on a random port, on the CPU, with the real
 * MiniLM encoder and a short scenario.
 */
@DemoApplicationTest
class SearchDemoTest {
  @Autowired WebServerApplicationContext context;
  private RunningDemo demo;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void demo() {
    demo = RunningDemo.of(context);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void search_findsProductsOfTheQueriedKind_rankedByTheServingVersion() throws Exception {
    HttpResponse<String> response = get("/search?q=waterproof+hiking+boots&k=3");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"ranker_version\":\"1\",\"prediction\":\"")
        .contains("\"category\":\"hiking\"");
  }

  @Test
  void badRequests_getA4xxWithAClearMessage() throws Exception {
    assertThat(get("/search?k=3").statusCode()).isEqualTo(400);
    assertThat(get("/search?k=3").body()).isEqualTo("missing query parameter q\n");
    assertThat(get("/search?q=shoes&k=0").body()).isEqualTo("k must be in [1, 100], but was 0\n");
    assertThat(get("/search?q=shoes&k=ten").statusCode()).isEqualTo(400);
    // Within Tomcat's 8 KiB request line; a longer one gets Tomcat's own 400.
    HttpResponse<String> tooLong = get("/search?q=" + "a".repeat(5_000));
    assertThat(tooLong.statusCode()).isEqualTo(413);
    assertThat(tooLong.body()).isEqualTo("q is 5000 characters; at most 1000 are allowed\n");
    HttpResponse<String> huge = post("/search", "k=3&q=" + "a".repeat(1 << 20)); // a 1 MB query
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.body()).isEqualTo("the form body has 1048582 bytes; at most 65536 are read,"
        + " and q may have at most 1000 characters\n");
    HttpResponse<String> posted = post("/search", "k=3&q=" + "waterproof+hiking+boots");
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(posted.body()).contains("\"category\":\"hiking\"");
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/search?q=x"))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(405);
  }

  @Test
  void miniLm_isLoadedOnce_andSharedByTheQueryAndCatalogueEmbedders() {
    var registry = demo.registry();

    assertThat(demo.embedder().model()).isSameAs(demo.encoder());
    assertThat(registry.get("monitored.inference.model.loads").tags("model", "minilm", "outcome", "success")
        .counter().count()).isEqualTo(1);
    assertThat(registry.find("monitored.inference.model.loads").tags("model", "catalogue-encoder").counters())
        .isEmpty();
    // Indexing alone ran 63 padded batches (31 lists of 64 titles in two chunks, one of 16).
    assertThat(registry.get("monitored.inference.request.duration")
        .tags("model", "minilm", "operation", "predict", "error.type", "none").timer().count())
        .isGreaterThanOrEqualTo(63);
    assertThat(demo.encoder().isClosed()).as("closing the catalogue embedder left it open").isFalse();
  }

  @Test
  void actuator_servesProbesPrometheusAndTheModelsEndpoint() throws Exception {
    get("/search?q=red+running+shoes&k=3"); // a cache miss
    get("/search?q=red+running+shoes&k=3"); // and a hit

    HttpResponse<String> readiness = get("/actuator/health/readiness"); // the models are in its group
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(get("/actuator/health/monitoredInference/minilm").body())
        .isEqualTo("{\"details\":{\"state\":\"UP\",\"version\":\"unversioned\",\"provider\":\"cpu\"},\"status\":\"UP\"}");
    assertThat(get("/actuator/health/monitoredInference/ranker").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/prometheus").body())
        .contains("monitored_inference_request_duration_seconds_bucket{cache_result=\"hit\"")
        .contains("monitored_inference_model_info{execution_provider=\"cpu\"")
        .contains("model=\"ranker\"", "model=\"minilm\"", "model=\"query-encoder\"");
    assertThat(get("/actuator/monitoredinference/ranker").body()).contains("\"circuitBreaker\"");
  }

  @Test
  void traces_goToTheConfiguredOtlpEndpoint() throws Exception {
    assertThat(get("/search?q=blue+rain+jacket&k=3").statusCode()).isEqualTo(200);

    context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(OtlpCollector.get().received())
        .contains("predict ranker", "embeddings query-encoder", "search-demo", "monitored.inference.model.name");
  }

  @Test
  void theScenario_endsTheWorseCanaryOnQuality_rollsTheSubtlyWorsePromotionBack_andReportsQuality()
      throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<Phase> phases = Scenario.run(demo, new PrintStream(printed, true, StandardCharsets.UTF_8), 0.15);

    assertThat(phases).extracting(p -> p.name).containsExactly("warm-up", "steady traffic",
        "category shift", "canary v2 (30 %)", "ranker v3 promoted", "injected slowdown", "recovered");
    assertThat(phases).extracting(p -> p.version).startsWith("v1", "v1", "v1", "v1+v2")
        .endsWith("v1", "v1");
    assertThat(phases.get(4).version).contains("v3");
    assertThat(phases).extracting(Phase::errorCount).containsOnly("0");
    String report = printed.toString(StandardCharsets.UTF_8);
    assertThat(report)
        .contains("canary with a bad token: 401; canary v2 at 30 %: 200", "ended by the rollback guard: ",
            "ctr worse at 95 % confidence", "promote v3: 200", "rolled back by the promotion watch: ",
            "p99 ms", "CTR@10", "conversion", "NDCG@10");
    // Users click v2's rankings less than v1's in the same phase: the canary's own figures say so.
    Phase canary = phases.get(3);
    assertThat(canary.quality).extracting(Phase.Quality.Row::label).containsExactly("v1", "v2 (canary)");
    assertThat(canary.quality.get(1).figures().ctr()).isLessThan(canary.quality.get(0).figures().ctr());
    assertThat(demo.ranker().version().version()).isEqualTo("1");
    List<String> audit = Files.readAllLines(demo.work().resolve("audit.jsonl"));
    assertThat(audit).hasSize(5);
    assertThat(audit.get(0)).contains("\"outcome\":\"DENIED\"");
    assertThat(audit.get(2)).contains("\"principal\":\"rollback-guard\"", "\"action\":\"end_trial\"");
    assertThat(audit.get(4)).contains("\"principal\":\"promotion-watch\"", "\"action\":\"rollback\"");
  }

  @Test
  void events_joinClicksToTheSearchThatShowedThem_andBadEventsAreRefused() throws Exception {
    HttpResponse<String> search = get("/search?k=10&q=red+running+shoes");
    String prediction = search.body().replaceAll("(?s).*\"prediction\":\"([^\"]+)\".*", "$1");
    String item = search.body().replaceAll("(?s).*?\"hits\":\\[\\{\"id\":(\\d+).*", "$1");
    long before = demo.ranker().outcomes().totals("1", dev.monitoredinference.Variant.CONTROL).engagedSearches();

    assertThat(post("/events?prediction=" + prediction + "&item=" + item + "&type=click", "").statusCode()).isEqualTo(204);
    assertThat(demo.ranker().outcomes().totals("1", dev.monitoredinference.Variant.CONTROL).engagedSearches())
        .isEqualTo(before + 1);
    assertThat(post("/events?prediction=" + prediction + "&item=" + item + "&type=wink", "").statusCode()).isEqualTo(400);
    assertThat(post("/events?prediction=nope&item=1&type=click", "").statusCode()).isEqualTo(204); // counted as unknown
    assertThat(demo.ranker().outcomes().dropped(dev.monitoredinference.outcomes.OutcomeDrop.UNKNOWN)).isPositive();
  }
}
