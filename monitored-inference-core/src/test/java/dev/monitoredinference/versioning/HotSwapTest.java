package dev.monitoredinference.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Admins;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot swap, rollback and admin safety through the public API, on real ONNX Runtime sessions. */
class HotSwapTest {
  /** score = x1 + x2 + version, so every answer says which version computed it. */
  private static final Inputs ROW = Inputs.of("features", new float[][] {{1f, 2f}});

  @TempDir Path root;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
  private final CountingLoader loader = new CountingLoader(OnnxModelLoader.create());
  private MonitoredModel model;

  @BeforeEach
  void repository() throws IOException {
    version("1", TestModels.linearScorer(new float[] {1f, 1f}, 1f), "labels=stable");
    version("2", TestModels.linearScorer(new float[] {1f, 1f}, 2f), "labels=canary");
  }

  @AfterEach
  void close() {
    if (model != null) {
      model.close();
    }
  }

  private void version(String version, byte[] onnx, String properties) throws IOException {
    Path directory = Files.createDirectories(root.resolve("ranker").resolve(version));
    Files.write(directory.resolve("model.onnx"), onnx);
    Files.writeString(directory.resolve("model.sha256"), Digests.sha256(onnx));
    Files.writeString(directory.resolve("model.properties"), properties);
  }

  private MonitoredModel build(Duration drain) {
    model = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.label("stable"))
        .loader(loader)
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops")), audit)
        .drainTimeout(drain)
        .metrics(registry)
        .build();
    return model;
  }

  private static int versionOf(Prediction prediction) {
    return Math.round(prediction.floatArray("score")[0] - 3f);
  }

  private List<String> outcomes() {
    List<String> outcomes = new ArrayList<>();
    for (String line : audit.lines()) {
      String action = line.replaceAll(".*\"action\":\"([a-z]+)\".*", "$1");
      String outcome = line.replaceAll(".*\"outcome\":\"([A-Z]+)\".*", "$1");
      outcomes.add(action + ":" + outcome);
    }
    return outcomes;
  }

  @Test
  void theBuiltModel_servesThePinnedVersion_namedAfterItsDirectory() {
    build(Duration.ofSeconds(5));

    Prediction p = model.predict(ROW);

    assertThat(p.version().version()).isEqualTo("1");
    assertThat(p.version().labels()).containsExactly("stable");
    assertThat(versionOf(p)).isEqualTo(1);
    assertThat(registry.get("monitored.inference.model.info").tag("model.version", "1").gauge().value())
        .isEqualTo(1);
  }

  @Test
  void modelInfo_is1OnlyForTheServingVersion_0ForAStagedOrCanaryOne() {
    build(Duration.ofSeconds(5));

    model.deployer().deploy(Admins.as("ops"), "2");
    assertThat(info("1")).isEqualTo(1);
    assertThat(info("2")).isEqualTo(0);
    model.deployer().canary(Admins.as("ops"), "2", 0.5);
    assertThat(info("1")).isEqualTo(1);
    assertThat(info("2")).isEqualTo(0);
    model.deployer().promote(Admins.as("ops"), "2");
    assertThat(info("2")).isEqualTo(1);
    assertThat(registry.find("monitored.inference.model.info").tag("model.version", "1").gauge()).isNull();
  }

  private double info(String version) {
    return registry.get("monitored.inference.model.info").tag("model.version", version).gauge().value();
  }

  @Test
  void promote_thenRollback_swapTheServingVersion_andAuditBoth() {
    build(Duration.ofSeconds(5));

    assertThat(model.deployer().promote(Admins.as("ops"), "2").version()).isEqualTo("2");
    assertThat(versionOf(model.predict(ROW))).isEqualTo(2);
    assertThat(model.predict(ROW).version().version()).isEqualTo("2");
    assertThat(model.deployer().history()).containsExactly("1");
    assertThat(registry.find("monitored.inference.model.info").tag("model.version", "1").gauge()).isNull();

    assertThat(model.deployer().rollback(Admins.as("ops")).version()).isEqualTo("1");
    assertThat(versionOf(model.predict(ROW))).isEqualTo(1);
    assertThat(model.deployer().history()).isEmpty();
    assertThat(outcomes()).containsExactly("promote:SUCCESS", "rollback:SUCCESS");
    assertThat(AuditLog.verify(audit.lines()).intact()).isTrue();
    assertThat(loader.open).hasValue(1);
    assertThat(loader.eachClosedAtMostOnce()).isTrue();
  }

  @Test
  void drift_afterAPromotion_scoresTheNewVersionAgainstItsOwnBaseline_inItsOwnGaugeSeries() {
    model = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.label("stable"))
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops")), audit)
        .metrics(registry)
        .drift(DriftConfig.builder().features("features", List.of("x1", "x2")).outputs("score")
            .baseline(Baseline.capture(100)).windowSamples(100).subWindows(1).build())
        .build();
    Random random = new Random(2);
    predictRows(random, 2); // version 1: baseline, then one window
    model.deployer().promote(Admins.as("ops"), "2");
    predictRows(random, 2); // version 2 scores 1 higher: its own baseline, then one window
    model.drift().sketchBytes(); // runs on the drift thread after the queued calls

    DriftReport serving = model.driftReport();
    assertThat(serving.modelVersion()).isEqualTo("2");
    assertThat(serving.baseline().orElseThrow().modelVersion()).isEqualTo("2");
    assertThat(serving.windowSamples()).isEqualTo(100);
    assertThat(serving.drifted()).isEmpty();
    DriftReport previous = model.drift().report("1");
    assertThat(previous.modelVersion()).isEqualTo("1");
    assertThat(previous.windowSamples()).isEqualTo(100);
    double ks1 = previous.feature("score").orElseThrow().ks();
    double ks2 = serving.feature("score").orElseThrow().ks();
    assertThat(ks1).isBetween(0.0, 0.3).isNotEqualTo(ks2);
    assertThat(ks2).isBetween(0.0, 0.3);
    assertThat(gaugeKs("1")).isEqualTo(ks1);
    assertThat(gaugeKs("2")).isEqualTo(ks2);
  }

  private double gaugeKs(String version) {
    return registry.get("monitored.inference.drift.score")
        .tags("model.version", version, "feature", "score", "method", "ks").gauge().value();
  }

  /** {@code calls} calls of 100 rows of two N(0, 1) features. */
  private void predictRows(Random random, int calls) {
    for (int c = 0; c < calls; c++) {
      float[][] rows = new float[100][2];
      for (float[] row : rows) {
        row[0] = (float) random.nextGaussian();
        row[1] = (float) random.nextGaussian();
      }
      model.predict(Inputs.of("features", rows));
    }
  }

  @Test
  void aRefusedPrincipal_changesNothing_andIsAudited() {
    build(Duration.ofSeconds(5));

    assertThatThrownBy(() -> model.deployer().promote(Admins.as("eve"), "2"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("'eve' may not promote model 'ranker'");
    assertThat(model.version().version()).isEqualTo("1");
    assertThat(outcomes()).containsExactly("promote:DENIED");
    assertThat(loader.loaded).hasSize(1);
  }

  @Test
  void aCorruptVersion_failsToLoad_andTheOldOneKeepsServing() throws IOException {
    build(Duration.ofSeconds(5));
    byte[] good = TestModels.linearScorer(new float[] {1f, 1f}, 3f);
    Path three = Files.createDirectories(root.resolve("ranker/3"));
    Files.write(three.resolve("model.onnx"), java.util.Arrays.copyOf(good, good.length / 2)); // half-copied
    Files.writeString(three.resolve("model.sha256"), Digests.sha256(good));

    assertThatThrownBy(() -> model.deployer().promote(Admins.as("ops"), "3"))
        .isInstanceOf(ModelIntegrityException.class);
    assertThat(versionOf(model.predict(ROW))).isEqualTo(1);
    assertThat(outcomes()).containsExactly("promote:FAILED");
    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    assertThat(model.health().reasons()).singleElement().asString().startsWith("promote failed: model 'ranker'");
    assertThat(registry.get("monitored.inference.model.loads").tag("outcome", "digest_mismatch").counter().count())
        .isEqualTo(1);

    model.deployer().promote(Admins.as("ops"), "2");
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
  }

  @Test
  void aVersionWithOtherInputs_isRefused_beforeItServes() throws IOException {
    build(Duration.ofSeconds(5));
    version("4", TestModels.linearScorer(new float[] {1f, 1f, 1f}, 4f), "");

    assertThatThrownBy(() -> model.deployer().promote(Admins.as("ops"), "4"))
        .isInstanceOfSatisfying(ModelLoadException.class,
            e -> assertThat(e.outcome()).isEqualTo(LoadOutcome.INVALID_MODEL))
        .hasMessageContaining("callers would break");
    assertThat(versionOf(model.predict(ROW))).isEqualTo(1);
    assertThat(loader.open).hasValue(1);
  }

  @Test
  void deploy_stagesAVersion_promoteServesIt_retireUnloadsOnlyStagedOnes() {
    build(Duration.ofSeconds(5));

    model.deployer().deploy(Admins.as("ops"), "2");
    assertThat(model.deployer().staged()).containsExactly("2");
    assertThat(loader.open).hasValue(2);
    assertThat(versionOf(model.predict(ROW))).isEqualTo(1);
    assertThatThrownBy(() -> model.deployer().retire(Admins.as("ops"), "1"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("it is serving");

    model.deployer().promote(Admins.as("ops"), "2");
    assertThat(loader.loaded).hasSize(2); // the staged session was swapped in, not loaded again
    model.deployer().deploy(Admins.as("ops"), "1");
    model.deployer().retire(Admins.as("ops"), "1");

    assertThat(model.deployer().staged()).isEmpty();
    assertThat(loader.open).hasValue(1);
    assertThat(outcomes()).containsExactly(
        "deploy:SUCCESS", "retire:FAILED", "promote:SUCCESS", "deploy:SUCCESS", "retire:SUCCESS");
  }

  @Test
  void hotSwapUnderLoad_failsNoCall_andEveryAnswerMatchesTheVersionItNames() throws Exception {
    build(Duration.ofSeconds(5));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    AtomicInteger mismatched = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(64);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      running.add(callers.submit(() -> {
        while (!stop.get()) {
          Prediction p = model.predict(ROW);
          if (versionOf(p) != Integer.parseInt(p.version().version())) {
            mismatched.incrementAndGet();
          }
          served.incrementAndGet();
        }
        return null;
      }));
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int swaps = 0;
    while (System.nanoTime() < end || swaps < 10) {
      model.deployer().promote(Admins.as("ops"), swaps % 2 == 0 ? "2" : "1");
      swaps++;
      Thread.sleep(500);
    }
    stop.set(true);
    for (Future<?> caller : running) {
      caller.get(30, TimeUnit.SECONDS); // rethrows any failed call
    }
    callers.shutdown();

    assertThat(swaps).isGreaterThanOrEqualTo(10);
    assertThat(served.get()).isGreaterThan(1000);
    assertThat(mismatched).hasValue(0);
    assertThat(loader.runsAfterClose).hasValue(0);
    assertThat(loader.maxOpen.get()).isLessThanOrEqualTo(2);
    assertThat(loader.open).hasValue(1);
    assertThat(loader.loaded).hasSize(swaps + 1);
    assertThat(loader.loaded.subList(0, swaps)).allSatisfy(r -> assertThat(r.closes).hasValue(1));
  }

  @Test
  void twoHundredPromotions_endWithOneOpenSession() {
    build(Duration.ofSeconds(5));

    for (int i = 0; i < 200; i++) {
      model.deployer().promote(Admins.as("ops"), i % 2 == 0 ? "2" : "1");
    }

    assertThat(loader.loaded).hasSize(201);
    assertThat(loader.open).hasValue(1);
    assertThat(loader.eachClosedAtMostOnce()).isTrue();
    assertThat(model.liveNativeObjects()).isEqualTo(1);
    assertThat(AuditLog.verify(audit.lines()).intact()).isTrue();
    assertThat(audit.lines()).hasSize(200);
  }

  @Test
  void adminNeedsARepository_andTheDeployerNeedsAdmin() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker")
            .modelBytes(TestModels.linearScorer(new float[] {1f, 1f}, 1f))
            .admin(Admins.TOKENS, AdminAuthorizer.denyAll(), audit).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' was given admin(...) but no repository(...) to take versions from");
    model = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.latest()).build();
    assertThat(model.version().version()).isEqualTo("2");
    assertThatThrownBy(() -> model.deployer())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no admin operations");
  }
}
