package dev.monitoredinference;

import static dev.monitoredinference.TrialFixture.awaitComparisons;
import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.TrialFixture.ScriptedLoader.Mode;
import dev.monitoredinference.versioning.ComparisonConfig;
import io.micrometer.core.instrument.DistributionSummary;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shadow trials through the public API, on real ONNX Runtime sessions. */
class ShadowTest {
  /** Four rows whose scores rank 3 > 1 > 0 > 2 under both versions. */
  private static final Inputs BATCH =
      Inputs.of("features", new float[][] {{1f, 2f}, {3f, 4f}, {0f, 1f}, {5f, 5f}});

  @TempDir Path root;
  private TrialFixture fixture;
  private MonitoredModel model;

  @BeforeEach
  void model() {
    fixture = new TrialFixture(root).version("1", 1f).version("2", 2f);
    model = fixture.build(fixture.builder()
        .comparison(ComparisonConfig.ofDefaults().sampleRate(1).queueCapacity(2).topK(2)));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private double counter(String name, String outcome) {
    return fixture.registry.get(name).tag("candidate.version", "2").tag("outcome", outcome)
        .counter().count();
  }

  private DistributionSummary divergence(String method) {
    return fixture.registry.get("monitored.inference.shadow.divergence")
        .tag("model.version", "1").tag("candidate.version", "2").tag("method", method)
        .summary();
  }

  @Test
  void aShadow_recordsExactDivergence_whileCallersGetTheBaselinesAnswers() throws Exception {
    model.deployer().shadow(Admins.as("ops"), "2");

    for (int call = 0; call < 20; call++) {
      Prediction p = model.predict(BATCH);
      assertThat(p.version().version()).isEqualTo("1");
      assertThat(p.floatArray("score")).containsExactly(4f, 8f, 2f, 11f);
      awaitComparisons(model); // the queue holds 2: compare each before the next
    }

    assertThat(counter("monitored.inference.shadow.calls", "success")).isEqualTo(20);
    assertThat(counter("monitored.inference.shadow.calls", "candidate_error")).isZero();
    assertThat(divergence("mean_abs_diff").count()).isEqualTo(20);
    assertThat(divergence("mean_abs_diff").totalAmount()).isEqualTo(20.0);
    assertThat(divergence("mean_abs_diff").max()).isEqualTo(1.0);
    assertThat(divergence("rank_agreement").count()).isEqualTo(20);
    assertThat(divergence("rank_agreement").totalAmount()).isEqualTo(20.0);
    assertThat(divergence("cosine").count()).isZero();
    assertThat(fixture.registry.get("monitored.inference.shadow.duration")
        .tag("role", "candidate").timer().count()).isEqualTo(20);
    assertThat(fixture.registry.get("monitored.inference.shadow.dropped").counter().count()).isZero();
    assertThat(fixture.auditTrail()).containsExactly("shadow:SUCCESS:ops");
  }

  @Test
  void aFullQueue_dropsAndCountsCopies_withoutBlockingTheCaller() throws Exception {
    model.deployer().shadow(Admins.as("ops"), "2");
    fixture.loader.mode = Mode.BLOCK;

    model.predict(BATCH); // its copy blocks the comparison thread in the candidate's run
    assertThat(fixture.loader.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int call = 0; call < 9; call++) { // two fill the queue, seven are dropped
      assertThat(model.predict(BATCH).version().version()).isEqualTo("1");
    }
    assertThat(fixture.registry.get("monitored.inference.shadow.dropped").counter().count())
        .isEqualTo(7);

    fixture.loader.mode = Mode.NORMAL;
    fixture.loader.release.countDown();
    awaitComparisons(model);
    assertThat(counter("monitored.inference.shadow.calls", "success")).isEqualTo(3);
  }

  @Test
  void aFailingCandidate_isCounted_andNeverFailsTheCaller() throws Exception {
    model.deployer().shadow(Admins.as("ops"), "2");
    fixture.loader.mode = Mode.FAIL;

    for (int call = 0; call < 10; call++) {
      assertThat(TrialFixture.bias(model.predict(BATCH))).isEqualTo(1);
      awaitComparisons(model);
    }

    assertThat(counter("monitored.inference.shadow.calls", "candidate_error")).isEqualTo(10);
    assertThat(counter("monitored.inference.shadow.calls", "success")).isZero();
    assertThat(divergence("mean_abs_diff").count()).isZero();
  }

  @Test
  void promotingTheShadowedVersion_servesIt_andEndsTheShadow() throws Exception {
    model.deployer().shadow(Admins.as("ops"), "2");
    model.predict(BATCH);
    awaitComparisons(model);

    model.deployer().promote(Admins.as("ops"), "2");

    assertThat(model.predict(BATCH).floatArray("score")).containsExactly(5f, 9f, 3f, 12f);
    assertThat(model.deployer().candidate()).isEmpty();
    assertThat(model.liveNativeObjects()).isEqualTo(1);
  }
}
