package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.QualityFigures;
import dev.monitoredinference.outcomes.QualityMetric;
import dev.monitoredinference.outcomes.SimulatedUsers;
import dev.monitoredinference.versioning.ComparisonConfig;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback guard's quality criterion on real ONNX Runtime sessions and seeded simulated users
 * (CTR@10 0.297): a canary whose users click 10 % less is rolled back on "worse", audited under
 * the guard's principal; an equally good one is left alone over the same traffic.
 */
class QualityRollbackTest {
  private static final RollbackGuardConfig GUARD = RollbackGuardConfig.ofDefaults()
      .minCalls(100).maxLatencyRatio(1000).maxDivergence(10).quality(QualityMetric.CTR, 0.95);

  @TempDir Path root;
  private TrialFixture fixture;
  private final AtomicLong ticker = new AtomicLong();

  @AfterEach
  void close() {
    fixture.close();
  }

  private MonitoredModel canaryWhoseCtrIs(double share, SimulatedShop[] shop) {
    fixture = new TrialFixture(root).version("1", 1f).version("2", 2f);
    MonitoredModel model = fixture.build(fixture.builder().rollbackGuard(GUARD)
        .comparison(ComparisonConfig.ofDefaults().sampleRate(0.01))
        .outcomes(OutcomeConfig.ofDefaults().ticker(ticker::get)));
    model.deployer().canary(Admins.as("ops"), "2", 0.5);
    shop[0] = new SimulatedShop(model, Map.of("1", SimulatedUsers.ofControl(11),
        "2", SimulatedUsers.ofRankerWithCtrShare(12, share)));
    return model;
  }

  @Test
  void aCanaryWithTenPercentFewerClicks_isRolledBackAsWorse() throws Exception {
    SimulatedShop[] shop = new SimulatedShop[1];
    MonitoredModel model = canaryWhoseCtrIs(0.9, shop);

    int searches = shop[0].searchUntil(() -> model.deployer().candidate().isEmpty(), 20_000);
    Poll.until(() -> fixture.auditTrail().size() == 2); // audited after the drain

    System.out.println("quality rollback after " + searches + " searches: " + fixture.lastReason());
    assertThat(fixture.auditTrail())
        .containsExactly("canary:SUCCESS:ops", "end_trial:SUCCESS:rollback-guard");
    assertThat(fixture.lastReason()).startsWith("canary of version 2 at 50 % of calls rolled back"
        + " by the guard: ctr worse at 95 % confidence: ctr 0.2");
    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    QualityFigures canary = model.outcomes().totals("2", Variant.CANARY);
    QualityFigures control = model.outcomes().totals("1", Variant.CONTROL);
    assertThat(canary.searches()).isBetween(500L, 10_000L);
    assertThat(canary.ctr()).isLessThan(control.ctr());
    assertThat(model.outcomes().totals("2", Variant.CONTROL).searches()).isZero();
  }

  @Test
  void anEquallyGoodCanary_isLeftAlone() throws Exception {
    SimulatedShop[] shop = new SimulatedShop[1];
    MonitoredModel model = canaryWhoseCtrIs(1.0, shop);

    int searches = shop[0].searchUntil(() -> model.deployer().candidate().isEmpty(), 20_000);

    assertThat(searches).isEqualTo(20_000);
    assertThat(model.deployer().candidate()).hasValue("2");
    assertThat(fixture.auditTrail()).containsExactly("canary:SUCCESS:ops");
  }
}
