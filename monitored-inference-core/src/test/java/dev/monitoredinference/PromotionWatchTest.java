package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.TrialFixture.ScriptedLoader.Mode;
import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.SimulatedUsers;
import dev.monitoredinference.versioning.PromotionWatchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-promotion watch on real ONNX Runtime sessions and seeded simulated users: version 1
 * serves 5,000 searches (its pre-promotion baseline), then version 2 is promoted. A version 2
 * with 10 % fewer clicks is rolled back by the watch, audited under its principal and reported by
 * health; an equally good one passes its period.
 */
class PromotionWatchTest {
  private static final PromotionWatchConfig WATCH =
      PromotionWatchConfig.ofDefaults().period(Duration.ofMinutes(30)).checkEvery(100);

  @TempDir Path root;
  private TrialFixture fixture;
  private MonitoredModel model;
  private final AtomicLong ticker = new AtomicLong();

  @AfterEach
  void close() {
    fixture.close();
  }

  private SimulatedShop promoteAfterABaseline(double ctrShareOfVersion2) {
    fixture = new TrialFixture(root).version("1", 1f).version("2", 2f);
    model = fixture.build(fixture.builder()
        .outcomes(OutcomeConfig.ofDefaults().window(Duration.ofMinutes(10), 10).ticker(ticker::get))
        .promotionWatch(WATCH));
    SimulatedShop shop = new SimulatedShop(model, Map.of("1", SimulatedUsers.ofControl(21),
        "2", SimulatedUsers.ofRankerWithCtrShare(22, ctrShareOfVersion2)));
    for (int i = 0; i < 5_000; i++) {
      shop.search();
    }
    model.deployer().promote(Admins.as("ops"), "2");
    return shop;
  }

  @Test
  void aPromotedVersionWithTenPercentFewerClicks_isRolledBack() throws Exception {
    SimulatedShop shop = promoteAfterABaseline(0.9);

    int searches = shop.searchUntil(() -> model.version().version().equals("1"), 20_000);
    Poll.until(() -> fixture.auditTrail().size() == 2); // audited after the swap and drain

    System.out.println("promotion watch rollback after " + searches + " searches: "
        + fixture.lastReason());
    assertThat(fixture.auditTrail())
        .containsExactly("promote:SUCCESS:ops", "rollback:SUCCESS:promotion-watch");
    assertThat(fixture.lastReason()).startsWith("rolled back by the promotion watch: ctr worse at"
        + " 95 % confidence: ctr 0.2").endsWith("swapped; the old version drained");
    assertThat(model.deployer().lastFailure().orElseThrow())
        .startsWith("promotion watch rolled back version 2: ctr worse");
    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    assertThat(model.deployer().history()).isEmpty();
  }

  @Test
  void anEquallyGoodVersion_passesItsWatch() throws Exception {
    SimulatedShop shop = promoteAfterABaseline(1.0);
    for (int i = 0; i < 5_000; i++) {
      shop.search();
    }
    ticker.addAndGet(Duration.ofMinutes(31).toNanos());

    for (int i = 0; i < 100; i++) {
      shop.search();
    }
    Poll.until(() -> fixture.auditTrail().size() == 2);

    assertThat(fixture.auditTrail())
        .containsExactly("promote:SUCCESS:ops", "promotion_watch:SUCCESS:promotion-watch");
    assertThat(fixture.lastReason()).isEqualTo("version 2 passed its watch of PT30M");
    assertThat(model.version().version()).isEqualTo("2");
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
  }

  @Test
  void aPromotedVersionWhoseCallsFail_isRolledBackOnTheErrorAnomaly() throws Exception {
    fixture = new TrialFixture(root).version("1", 1f).version("2", 2f);
    model = fixture.build(fixture.builder()
        .anomalies(AnomalyConfig.ofDefaults().window(Duration.ofSeconds(10)).ticker(ticker::get))
        .outcomes(OutcomeConfig.ofDefaults().ticker(ticker::get))
        .promotionWatch(WATCH.rollBackOnAnomaly(true).checkEvery(50)));
    SimulatedShop shop = new SimulatedShop(model, Map.of("1", SimulatedUsers.ofControl(31),
        "2", SimulatedUsers.ofControl(32)));
    for (int window = 0; window < 12; window++) { // the detector's warm-up, on version 1
      for (int i = 0; i < 150; i++) {
        shop.search();
      }
      ticker.addAndGet(Duration.ofSeconds(10).toNanos());
    }
    model.deployer().promote(Admins.as("ops"), "2");
    fixture.loader.mode = Mode.FAIL;

    for (int window = 0; window < 10 && model.version().version().equals("2"); window++) {
      for (int i = 0; i < 150; i++) {
        try {
          shop.search();
        } catch (ModelExecutionException planted) {
          // version 2 fails every call: what the watch is for
        }
      }
      ticker.addAndGet(Duration.ofSeconds(10).toNanos());
    }
    Poll.until(() -> fixture.auditTrail().size() == 2);

    assertThat(fixture.auditTrail())
        .containsExactly("promote:SUCCESS:ops", "rollback:SUCCESS:promotion-watch");
    assertThat(fixture.lastReason())
        .startsWith("rolled back by the promotion watch: anomalous signals [ERRORS]");
    assertThat(model.version().version()).isEqualTo("1");
  }
}
