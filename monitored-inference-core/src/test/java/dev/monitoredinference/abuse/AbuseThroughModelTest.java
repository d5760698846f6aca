package dev.monitoredinference.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.CallOptions;
import dev.monitoredinference.CallerId;
import dev.monitoredinference.Fakes;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Poll;
import dev.monitoredinference.health.HealthState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Abuse detection on a model's chain: flags, enforcement, meters, and the rest served. */
class AbuseThroughModelTest {
  private static final CallerId MALLORY = CallerId.of("mallory@example.com");
  private static final CallerId ALICE = CallerId.of("alice@example.com");
  private static final Inputs NAN_ROW = Inputs.of("features", new float[][] {{Float.NaN, 0.7f}});

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong ticker = new AtomicLong();
  private final List<AbuseEvent> events = new CopyOnWriteArrayList<>();
  private MonitoredModel model;

  @AfterEach
  void close() {
    if (model != null) {
      model.close();
    }
  }

  private MonitoredModel build(AbuseConfig config) {
    model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).metrics(registry)
        .abuse(config.ticker(ticker::get)).abuseListener(events::add).build();
    return model;
  }

  private static CallOptions as(CallerId caller) {
    return CallOptions.ofDefaults().caller(caller);
  }

  private double count(String meter, String tag, String value) {
    return registry.get(meter).tags("model", "ranker", tag, value).counter().count();
  }

  @Test
  void refuse_aFlaggedCallerGetsTheTypedException_othersAreServed_andCountersRecordIt() {
    build(AbuseConfig.ofDefaults().flooding(5, Duration.ofMinutes(1)).enforcement(Enforcement.REFUSE));
    for (int i = 0; i < 5; i++) {
      model.predict(Fakes.ONE_ROW, as(MALLORY));
    }
    assertThat(model.abuse().flags(MALLORY)).isEmpty();
    // The 6th call is over the rate: it is flagged on the way in and refused at once.
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, as(MALLORY)))
        .isInstanceOfSatisfying(CallerRefusedException.class, e -> {
          assertThat(e.kind()).isEqualTo(AbuseKind.FLOODING);
          assertThat(e.enforcement()).isEqualTo(Enforcement.REFUSE);
          assertThat(e.caller()).isEqualTo(MALLORY);
          assertThat(e.getMessage()).isEqualTo("model 'ranker' refused a call of caller "
              + MALLORY.hashPrefix() + ", flagged as flooding (refused)").doesNotContain("mallory");
        });
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, as(MALLORY))).isInstanceOf(CallerRefusedException.class);
    assertThat(model.predict(Fakes.ONE_ROW, as(ALICE)).floatArray("score")).containsExactly(0.8f);
    assertThat(model.predict(Fakes.ONE_ROW).floatArray("score")).containsExactly(0.8f);

    assertThat(model.abuse().flags(MALLORY)).containsExactly(AbuseKind.FLOODING);
    assertThat(model.abuse().flags(ALICE)).isEmpty();
    assertThat(count("monitored.inference.rejections", "reason", "abuse_refused")).isEqualTo(2);
    assertThat(registry.get("monitored.inference.request.duration").tags("model", "ranker",
        "error.type", "caller_refused").timer().count()).isEqualTo(2);
    Poll.until(() -> events.size() == 1);
    assertThat(events.get(0).kind()).isEqualTo(AbuseKind.FLOODING);
    assertThat(events.get(0).evidence()).isEqualTo("rate");
    assertThat(events.get(0).calls()).isEqualTo(6);
    assertThat(count("monitored.inference.abuse.detections", "kind", "flooding")).isEqualTo(1);
    assertThat(count("monitored.inference.abuse.detections", "kind", "probing")).isZero();
    assertThat(registry.get("monitored.inference.abuse.callers").tags("model", "ranker").gauge().value())
        .isEqualTo(2);
    assertThat(model.health().state()).isEqualTo(HealthState.UP); // health-neutral
  }

  @Test
  void throttle_keepsAFlaggedCallerToItsCallsPerWindow() {
    build(AbuseConfig.ofDefaults().flooding(5, Duration.ofMinutes(1)).enforcement(Enforcement.THROTTLE)
        .throttleCalls(2));
    int served = 0;
    int throttled = 0;
    for (int i = 0; i < 10; i++) {
      try {
        model.predict(Fakes.ONE_ROW, as(MALLORY));
        served++;
      } catch (CallerRefusedException e) {
        assertThat(e.rejectionReasons()).containsExactly("abuse_throttled");
        throttled++;
      }
    }
    // 5 before the flag, then 2 of the rest in this window.
    assertThat(served).isEqualTo(7);
    assertThat(throttled).isEqualTo(3);
    ticker.addAndGet(Duration.ofMinutes(1).toNanos());
    model.predict(Fakes.ONE_ROW, as(MALLORY));
    model.predict(Fakes.ONE_ROW, as(MALLORY));
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, as(MALLORY))).isInstanceOf(CallerRefusedException.class);
    assertThat(count("monitored.inference.rejections", "reason", "abuse_throttled")).isEqualTo(4);
  }

  @Test
  void observe_reportsButServesEveryCall() {
    build(AbuseConfig.ofDefaults().flooding(5, Duration.ofMinutes(1)));
    for (int i = 0; i < 20; i++) {
      model.predict(Fakes.ONE_ROW, as(MALLORY));
    }
    assertThat(model.abuse().isFlagged(MALLORY, AbuseKind.FLOODING)).isTrue();
    Poll.until(() -> events.size() == 1);
  }

  @Test
  void flagsLapseAfterTheirDuration() {
    build(AbuseConfig.ofDefaults().flooding(5, Duration.ofMinutes(1)).enforcement(Enforcement.REFUSE)
        .flagDuration(Duration.ofMinutes(5)));
    for (int i = 0; i < 6; i++) {
      try {
        model.predict(Fakes.ONE_ROW, as(MALLORY));
      } catch (CallerRefusedException expected) {
        assertThat(i).isEqualTo(5);
      }
    }
    ticker.addAndGet(Duration.ofMinutes(5).toNanos() + 1);
    assertThat(model.abuse().flags(MALLORY)).isEmpty();
    model.predict(Fakes.ONE_ROW, as(MALLORY));
  }

  @Test
  void rejectedInputs_flagTheCallerAsProbing() {
    build(AbuseConfig.ofDefaults().rejectedShare(0.25, 20));
    for (int i = 0; i < 22; i++) {
      Inputs inputs = i % 2 == 0 ? NAN_ROW : Fakes.ONE_ROW;
      try {
        model.predict(inputs, as(MALLORY));
      } catch (InvalidInputException expected) {
        // counted for the caller
      }
    }
    assertThat(model.abuse().flags(MALLORY)).containsExactly(AbuseKind.PROBING);
    Poll.until(() -> events.size() == 1);
    assertThat(events.get(0).evidence()).isEqualTo("rejected_share");
    assertThat(events.get(0).observed()).isEqualTo(11 / 21.0); // judged from the 20th call on
    assertThat(events.get(0).calls()).isEqualTo(21);
  }

  @Test
  void anonymousCalls_areNotTracked() {
    build(AbuseConfig.ofDefaults().flooding(5, Duration.ofMinutes(1)).enforcement(Enforcement.REFUSE));
    for (int i = 0; i < 20; i++) {
      model.predict(Fakes.ONE_ROW);
    }
    assertThat(model.abuse().trackedCallers()).isZero();
  }

  @Test
  void withoutAbuse_theModelFlagsNobody() {
    model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build();
    model.predict(Fakes.ONE_ROW, as(MALLORY));
    assertThat(model.abuse().isEnabled()).isFalse();
    assertThat(model.abuse().flags(MALLORY)).isEmpty();
  }

  @Test
  void anAbuseListener_needsAbuse() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .abuseListener(event -> { }).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("abuse listener(s) but no abuse(...)");
  }
}
