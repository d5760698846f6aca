package dev.monitoredinference;

import static dev.monitoredinference.TrialFixture.bias;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.versioning.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

/** Canary routing through the public API, on real ONNX Runtime sessions. */
class CanaryTest {
  private static final Inputs ROW = Inputs.of("features", new float[][] {{1f, 2f}});

  @TempDir Path root;
  private TrialFixture fixture;
  private MonitoredModel model;

  @BeforeEach
  void model() {
    fixture = new TrialFixture(root).version("1", 1f).version("2", 2f);
    model = fixture.build(fixture.builder());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void shutdown_drainsTheCanarysCandidateToo_withinOneTimeout() throws Exception {
    model.deployer().canary(Admins.as("ops"), "2", 0.5);
    fixture.loader.mode = TrialFixture.ScriptedLoader.Mode.BLOCK; // the candidate's runs hang
    CompletableFuture<?> stuck = CompletableFuture.runAsync(() -> {
      for (int call = 0; call < 10; call++) {
        model.predict(ROW); // keyless: every second call goes to the candidate, and blocks
      }
    });
    assertThat(fixture.loader.entered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(model.shutdown(Duration.ofMillis(100))).isFalse(); // the candidate did not drain

    fixture.loader.release.countDown();
    assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ModelClosedException.class);
  }

  @Test
  void keyedCalls_reachTheCandidate_atTheConfiguredShare_withinTwoPoints() {
    model.deployer().canary(Admins.as("ops"), "2", 0.1);

    int onCandidate = 0;
    for (int user = 0; user < 10_000; user++) {
      Prediction p = model.predict(ROW, RoutingKey.of("user-" + user));
      assertThat(bias(p)).isEqualTo(Integer.parseInt(p.version().version()));
      onCandidate += p.version().version().equals("2") ? 1 : 0;
    }

    assertThat(onCandidate).isBetween(800, 1200);
  }

  @Test
  void keylessCalls_reachTheCandidate_atTheConfiguredShare_withinTwoPoints() {
    model.deployer().canary(Admins.as("ops"), "2", 0.25);

    int onCandidate = 0;
    for (int call = 0; call < 10_000; call++) {
      onCandidate += model.predict(ROW).version().version().equals("2") ? 1 : 0;
    }

    assertThat(onCandidate).isBetween(2300, 2700);
  }

  @Test
  void aKey_staysOnItsVersion_whileTheShareIsUnchanged_andRaisingTheShareKeepsCandidateKeys() {
    model.deployer().canary(Admins.as("ops"), "2", 0.2);
    Map<String, String> first = new HashMap<>();
    for (int user = 0; user < 300; user++) {
      first.put("user-" + user, model.predict(ROW, RoutingKey.of("user-" + user)).version().version());
    }

    for (int round = 0; round < 3; round++) {
      first.forEach((user, version) ->
          assertThat(model.predict(ROW, RoutingKey.of(user)).version().version()).as(user).isEqualTo(version));
    }
    assertThat(first.values()).contains("1", "2");

    model.deployer().canary(Admins.as("ops"), "2", 0.6);
    first.forEach((user, version) -> {
      if (version.equals("2")) {
        assertThat(model.predict(ROW, RoutingKey.of(user)).version().version()).as(user).isEqualTo("2");
      }
    });
    assertThat(model.deployer().canaryShare()).isEqualTo(0.6);
    assertThat(fixture.lastReason()).isEqualTo("share changed from 20 % to 60 %");
  }

  @Test
  void aShareOutsideZeroToOne_isRefusedBeforeAnythingHappens() {
    assertThatThrownBy(() -> model.deployer().canary(Admins.as("ops"), "2", 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share must be in (0, 1), but was 1.5");
    assertThatThrownBy(() -> model.deployer().canary(Admins.as("ops"), "2", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share must be in (0, 1), but was 0.0");
    assertThat(fixture.audit.lines()).isEmpty();
    assertThat(model.deployer().candidate()).isEmpty();
  }

  @Test
  void promote_endsTheCanary_byServingTheCandidateToEveryCall() {
    model.deployer().canary(Admins.as("ops"), "2", 0.5);
    assertThat(model.liveNativeObjects()).isEqualTo(2);

    assertThat(model.deployer().promote(Admins.as("ops"), "2").version()).isEqualTo("2");

    for (int call = 0; call < 20; call++) {
      assertThat(bias(model.predict(ROW, RoutingKey.of("user-" + call)))).isEqualTo(2);
    }
    assertThat(model.deployer().candidate()).isEmpty();
    assertThat(model.deployer().history()).containsExactly("1");
    assertThat(model.liveNativeObjects()).isEqualTo(1);
    assertThat(fixture.auditTrail()).containsExactly("canary:SUCCESS:ops", "promote:SUCCESS:ops");
  }

  @Test
  void rollback_duringACanary_endsItAndServesThePreviousVersion() {
    fixture.version("3", 3f);
    model.deployer().promote(Admins.as("ops"), "2");
    model.deployer().canary(Admins.as("ops"), "3", 0.5);

    assertThat(model.deployer().rollback(Admins.as("ops")).version()).isEqualTo("1");

    assertThat(model.deployer().candidate()).isEmpty();
    assertThat(model.liveNativeObjects()).isEqualTo(1);
    assertThat(fixture.auditTrail()).containsExactly("promote:SUCCESS:ops", "canary:SUCCESS:ops",
        "end_trial:SUCCESS:ops", "rollback:SUCCESS:ops");
  }

  @Test
  void endTrial_withoutATrial_isRefusedAndAudited() {
    assertThatThrownBy(() -> model.deployer().endTrial(Admins.as("ops")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' has no canary or shadow to end");
    assertThat(fixture.auditTrail()).containsExactly("end_trial:FAILED:ops");
  }

  @Test
  void endTrial_endsTheCanary_andUnloadsTheCandidate() {
    model.deployer().canary(Admins.as("ops"), "2", 0.5);

    assertThat(model.deployer().endTrial(Admins.as("ops")).version()).isEqualTo("1");

    for (int call = 0; call < 20; call++) {
      assertThat(bias(model.predict(ROW, RoutingKey.of("user-" + call)))).isEqualTo(1);
    }
    assertThat(model.liveNativeObjects()).isEqualTo(1);
    assertThat(model.deployer().history()).isEmpty();
    assertThat(fixture.auditTrail()).containsExactly("canary:SUCCESS:ops", "end_trial:SUCCESS:ops");
    assertThat(fixture.lastReason())
        .isEqualTo("canary of version 2 at 50 % of calls ended; version 1 serves every call");
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
  }

  @Test
  void aRefusedPrincipal_startsNoCanary_andIsAudited() {
    assertThatThrownBy(() -> model.deployer().canary(Admins.as("eve"), "2", 0.1))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("'eve' may not canary model 'ranker'");

    assertThat(model.deployer().candidate()).isEmpty();
    assertThat(fixture.auditTrail()).containsExactly("canary:DENIED:eve");
  }

  @Test
  void aSecondTrial_isRefused_untilTheFirstEnds() {
    model.deployer().canary(Admins.as("ops"), "2", 0.1);
    fixture.version("3", 3f);

    assertThatThrownBy(() -> model.deployer().shadow(Admins.as("ops"), "3"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot start a shadow of version 3 of model 'ranker': a canary of version 2"
            + " at 10 % of calls is running; promote or roll it back first");
    assertThatThrownBy(() -> model.deployer().canary(Admins.as("ops"), "1", 0.1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a canary of version 2 at 10 % of calls is running");
    assertThat(model.deployer().candidate()).hasValue("2");
  }

  @Test
  void underLoad_canaryStartsShareChangesAndEnds_failNoCall_andEveryAnswerMatchesItsVersion()
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    AtomicInteger mismatched = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    List<Future<?>> running = new ArrayList<>();
    for (int caller = 0; caller < 16; caller++) {
      int id = caller;
      running.add(callers.submit(() -> {
        for (int call = 0; !stop.get(); call++) {
          Prediction p = call % 2 == 0 ? model.predict(ROW) : model.predict(ROW, RoutingKey.of(id + "/" + call));
          if (bias(p) != Integer.parseInt(p.version().version())) {
            mismatched.incrementAndGet();
          }
          served.incrementAndGet();
        }
        return null;
      }));
    }
    for (int round = 0; round < 5; round++) {
      String other = model.version().version().equals("1") ? "2" : "1";
      model.deployer().canary(Admins.as("ops"), other, 0.3);
      model.deployer().canary(Admins.as("ops"), other, 0.7);
      if (round % 2 == 0) {
        model.deployer().endTrial(Admins.as("ops"));
      } else {
        model.deployer().promote(Admins.as("ops"), other);
      }
    }
    stop.set(true);
    for (Future<?> caller : running) {
      caller.get(30, TimeUnit.SECONDS); // rethrows any failed call
    }
    callers.shutdown();

    assertThat(served.get()).isGreaterThan(100);
    assertThat(mismatched).hasValue(0);
    assertThat(model.deployer().candidate()).isEmpty();
    assertThat(model.version().version()).isEqualTo("1"); // promoted twice: 1 -> 2 -> 1
    assertThat(model.liveNativeObjects()).isEqualTo(1);
  }

  @Test
  void theServingVersion_cannotBeItsOwnCandidate() {
    assertThatThrownBy(() -> model.deployer().canary(Admins.as("ops"), "1", 0.1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot start a canary of version 1 of model 'ranker': version 1 is serving");
  }
}
