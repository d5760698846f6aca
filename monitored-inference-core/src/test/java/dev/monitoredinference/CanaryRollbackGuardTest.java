package dev.monitoredinference;

import static dev.monitoredinference.TrialFixture.awaitComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.TrialFixture.ScriptedLoader.Mode;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.ComparisonConfig;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback guard on real ONNX Runtime sessions: it ends a canary with a planted regression
 * and leaves a healthy one alone over the same calls. Its latency verdict is specified with
 * synthetic latencies in {@code internal.RollbackGuardTest}: real timings are too noisy to assert.
 */
class CanaryRollbackGuardTest {
  private static final Inputs BATCH =
      Inputs.of("features", new float[][] {{1f, 2f}, {3f, 4f}, {0f, 1f}, {5f, 5f}});
  private static final RollbackGuardConfig GUARD = RollbackGuardConfig.ofDefaults()
      .minCalls(20).maxErrorRatio(0.1).maxDivergence(0.5).maxLatencyRatio(1000);

  @TempDir Path root;
  private TrialFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  private MonitoredModel canary(float candidateBias) {
    fixture = new TrialFixture(root).version("1", 1f).version("2", candidateBias);
    MonitoredModel model = fixture.build(fixture.builder().rollbackGuard(GUARD)
        .comparison(ComparisonConfig.ofDefaults().sampleRate(1).queueCapacity(1000)));
    model.deployer().canary(Admins.as("ops"), "2", 0.5);
    return model;
  }

  /** Calls until the canary has ended or {@code calls} were made; returns the calls made. */
  private static int callUntilTheCanaryEnds(MonitoredModel model, int calls) throws Exception {
    for (int call = 1; call <= calls; call++) {
      try {
        model.predict(BATCH);
      } catch (ModelExecutionException planted) {
        // the canary's share of calls fails: what the guard is for
      }
      awaitComparisons(model);
      if (model.deployer().candidate().isEmpty()) {
        return call;
      }
    }
    return calls;
  }

  @Test
  void aFailingCanary_isRolledBack_withItsReasonAuditedAndInHealth() throws Exception {
    MonitoredModel model = canary(1f);
    fixture.loader.mode = Mode.FAIL;

    callUntilTheCanaryEnds(model, 200);
    Poll.until(() -> model.deployer().candidate().isEmpty());

    String reason = "error ratio 1.000 > 0.1 over 20 calls";
    assertThat(fixture.auditTrail())
        .containsExactly("canary:SUCCESS:ops", "end_trial:SUCCESS:rollback-guard");
    assertThat(fixture.lastReason())
        .isEqualTo("canary of version 2 at 50 % of calls rolled back by the guard: " + reason);
    assertThat(model.deployer().lastFailure())
        .hasValue("rollback guard ended the canary of version 2 at 50 % of calls: " + reason);
    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    for (int call = 0; call < 10; call++) {
      assertThat(model.predict(BATCH).version().version()).isEqualTo("1");
    }
  }

  @Test
  void aCanaryWhoseShareWasChanged_isStillRolledBackByTheGuard() throws Exception {
    MonitoredModel model = canary(1f);
    model.deployer().canary(Admins.as("ops"), "2", 0.25); // a new trial object, the same watch
    fixture.loader.mode = Mode.FAIL;

    callUntilTheCanaryEnds(model, 400);
    Poll.until(() -> model.deployer().candidate().isEmpty());

    assertThat(fixture.auditTrail())
        .containsExactly("canary:SUCCESS:ops", "canary:SUCCESS:ops", "end_trial:SUCCESS:rollback-guard");
    assertThat(fixture.lastReason()).startsWith("canary of version 2 at 25 % of calls rolled back by the guard");
  }

  @Test
  void aDivergentCanary_isRolledBack() throws Exception {
    MonitoredModel model = canary(5f); // every score 4 higher than the baseline's

    callUntilTheCanaryEnds(model, 200);
    Poll.until(() -> model.deployer().candidate().isEmpty());

    assertThat(fixture.lastReason()).matches("canary of version 2 at 50 % of calls rolled back"
        + " by the guard: mean divergence 4\\.0000 > 0\\.5 over [0-9]+ compared calls");
    assertThat(model.version().version()).isEqualTo("1");
  }

  @Test
  void aCanaryWhoseCallsTheRuntimeRefusesAsInvalidInput_staysInPlace() throws Exception {
    byte[] encoder = TestModels.tokenEncoder(new float[] {1, 2, 3, 4, 5, 6}, 2);
    fixture = new TrialFixture(root).version("1", encoder).version("2", encoder);
    MonitoredModel model = fixture.build(fixture.builder().rollbackGuard(GUARD)
        .comparison(ComparisonConfig.ofDefaults().sampleRate(1).queueCapacity(1000)));
    model.deployer().canary(Admins.as("ops"), "2", 0.5);
    Inputs beyondTheTable = Inputs.builder() // id 7 of a 3-row table: ORT_INVALID_ARGUMENT
        .put("input_ids", Tensor.ofLongs(new long[] {0, 7}, 1, 2))
        .put("attention_mask", Tensor.ofLongs(new long[] {1, 1}, 1, 2))
        .build();

    for (int call = 0; call < 200; call++) {
      assertThatThrownBy(() -> model.predict(beyondTheTable)).isInstanceOf(InvalidInputException.class);
    }
    awaitComparisons(model);

    assertThat(fixture.registry.get("monitored.inference.run.duration")
        .tags("model.version", "2", "error.type", "invalid_input").timer().count())
        .isGreaterThan(GUARD.minCalls());
    assertThat(model.deployer().candidate()).hasValue("2");
    assertThat(fixture.auditTrail()).containsExactly("canary:SUCCESS:ops");
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
  }

  @Test
  void aHealthyCanary_staysOverTheSameNumberOfCalls() throws Exception {
    MonitoredModel model = canary(1f); // the same answers as the baseline

    assertThat(callUntilTheCanaryEnds(model, 200)).isEqualTo(200);

    assertThat(model.deployer().candidate()).hasValue("2");
    assertThat(fixture.auditTrail()).containsExactly("canary:SUCCESS:ops");
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
  }
}
