package dev.monitoredinference.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.ChainStages;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.Fakes;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.internal.call.Stage;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CB-1 and CB-2: exact transitions on an injected clock, no sleeps. */
class CircuitBreakerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String OPEN_MESSAGE = "model 'ranker' version 7 refused a call: its circuit breaker is OPEN"
      + " after too many runtime failures and permits no calls";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean(true);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean blockProbes;
  private final FakeModelRuntime runtime = Fakes.ranker(inputs -> {
    if (blockProbes) {
      await(release);
    }
    if (failing.get()) {
      throw new ModelExecutionException("ranker", "7", "run", new IllegalStateException("CUDA OOM"));
    }
    return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
  });

  @AfterEach
  void releaseRuns() {
    release.countDown();
  }

  private CircuitBreakerConfig config() {
    return CircuitBreakerConfig.ofDefaults().failureRateThreshold(50).slidingWindowSize(20)
        .minimumNumberOfCalls(20).waitDurationInOpenState(WAIT).permittedCallsInHalfOpenState(3)
        .nanoClock(nanos::get);
  }

  private MonitoredModel model(CircuitBreakerConfig config) {
    return MonitoredModel.builder("ranker").runtime(runtime).circuitBreaker(config).metrics(registry).build();
  }

  private double gauge() {
    return registry.get("monitored.inference.circuit.state").tag("model", "ranker").gauge().value();
  }

  private double circuitOpenRejections() {
    return registry.get("monitored.inference.rejections").tags("model", "ranker", "reason", "circuit_open")
        .counter().count();
  }

  private static void fail(MonitoredModel model, int times) {
    for (int i = 0; i < times; i++) {
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).isInstanceOf(ModelExecutionException.class);
    }
  }

  private static CircuitBreaker breaker(MonitoredModel model) {
    return model.circuitBreaker().orElseThrow();
  }

  @Test
  void allFailures_openTheBreakerExactlyAtTheMinimumNumberOfCalls() {
    MonitoredModel model = model(config());
    fail(model, 19);
    assertThat(breaker(model).state()).isEqualTo(CircuitState.CLOSED);
    assertThat(gauge()).isZero();
    fail(model, 1);
    assertThat(breaker(model).state()).isEqualTo(CircuitState.OPEN);
    assertThat(gauge()).isEqualTo(2);

    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
        .isInstanceOfSatisfying(CircuitOpenException.class,
            e -> assertThat(e.errorType()).isEqualTo(ErrorType.CIRCUIT_OPEN))
        .hasMessage(OPEN_MESSAGE);
    assertThat(runtime.calls()).isEqualTo(20);
    assertThat(circuitOpenRejections()).isEqualTo(1);
    assertThat(registry.get("monitored.inference.request.duration").tag("error.type", "circuit_open").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aFailureRateJustBelowTheThreshold_staysClosed_andReachingItOpens() {
    MonitoredModel model = model(config());
    failing.set(false);
    for (int i = 0; i < 11; i++) {
      model.predict(Fakes.ONE_ROW);
    }
    failing.set(true);
    fail(model, 9); // 9 of 20: 45 %
    assertThat(breaker(model).state()).isEqualTo(CircuitState.CLOSED);
    fail(model, 1); // the window slides: the oldest success leaves, 10 of 20 = 50 %
    assertThat(breaker(model).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void invalidInputs_neverOpenIt() {
    MonitoredModel model = model(config());
    Inputs wrongShape = Inputs.of("features", Tensor.ofFloats(new float[3], 1, 3));
    for (int i = 0; i < 1000; i++) {
      assertThatThrownBy(() -> model.predict(wrongShape)).isInstanceOf(InvalidInputException.class);
    }
    assertThat(breaker(model).state()).isEqualTo(CircuitState.CLOSED);
    assertThat(runtime.calls()).isZero();
  }

  @Test
  void afterTheWait_halfOpenAdmitsExactlyTheConfiguredProbes_andClosesWhenTheySucceed() throws Exception {
    MonitoredModel model = model(config());
    fail(model, 20);
    nanos.addAndGet(WAIT.toNanos() - 1);
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).hasMessage(OPEN_MESSAGE);

    nanos.addAndGet(1);
    failing.set(false);
    blockProbes = true;
    List<CompletableFuture<Prediction>> probes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      probes.add(CompletableFuture.supplyAsync(() -> model.predict(Fakes.ONE_ROW)));
    }
    dev.monitoredinference.Poll.until(() -> runtime.running() == 3);
    assertThat(breaker(model).state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(gauge()).isEqualTo(1);
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
        .isInstanceOf(CircuitOpenException.class)
        .hasMessage("model 'ranker' version 7 refused a call: its circuit breaker is HALF_OPEN and all 3 probe calls are taken");

    release.countDown();
    for (CompletableFuture<Prediction> probe : probes) {
      assertThat(probe.get(5, TimeUnit.SECONDS).floatArray("score")).containsExactly(1f);
    }
    assertThat(breaker(model).state()).isEqualTo(CircuitState.CLOSED);
    assertThat(gauge()).isZero();
    assertThat(runtime.calls()).isEqualTo(23);
  }

  @Test
  void aSingleFailedProbe_reopensTheBreakerForAnotherWait() {
    MonitoredModel model = model(config());
    fail(model, 20);
    nanos.addAndGet(WAIT.toNanos());
    fail(model, 1);
    assertThat(breaker(model).state()).isEqualTo(CircuitState.OPEN);
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).hasMessage(OPEN_MESSAGE);
    assertThat(runtime.calls()).isEqualTo(21);
  }

  @Test
  void probesThatFailForTheCallersReasons_giveTheirSlotBack_andDoNotDecide() {
    MonitoredModel model = model(config());
    fail(model, 20);
    nanos.addAndGet(WAIT.toNanos());
    Inputs wrongShape = Inputs.of("features", Tensor.ofFloats(new float[3], 1, 3));
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> model.predict(wrongShape)).isInstanceOf(InvalidInputException.class);
    }
    assertThat(breaker(model).state()).isEqualTo(CircuitState.HALF_OPEN);
    failing.set(false);
    for (int i = 0; i < 3; i++) {
      model.predict(Fakes.ONE_ROW);
    }
    assertThat(breaker(model).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aFallback_answersFailedAndRefusedCalls_markedAsFallback() {
    MonitoredModel model = model(config().fallback((inputs, version, failure) ->
        Prediction.builder(version).put("score", Tensor.ofFloats(new float[] {-1f}, 1, 1)).build()));
    failing.set(false);
    Prediction own = model.predict(Fakes.ONE_ROW);
    assertThat(own.attribute(FallbackAnswer.class)).isEmpty();

    failing.set(true);
    Prediction failed = model.predict(Fakes.ONE_ROW);
    assertThat(failed.floatArray("score")).containsExactly(-1f);
    assertThat(failed.attribute(FallbackAnswer.class)).contains(FallbackAnswer.of(ErrorType.RUNTIME_ERROR));
    for (int i = 0; i < 18; i++) { // with the success and the failure above: 20 calls, 19 failed
      assertThat(model.predict(Fakes.ONE_ROW).attribute(FallbackAnswer.class).map(FallbackAnswer::answeredFor))
          .contains(ErrorType.RUNTIME_ERROR);
    }
    assertThat(breaker(model).state()).isEqualTo(CircuitState.OPEN);
    Prediction refused = model.predict(Fakes.ONE_ROW);
    assertThat(refused.attribute(FallbackAnswer.class).map(FallbackAnswer::answeredFor))
        .contains(ErrorType.CIRCUIT_OPEN);
    assertThat(refused.floatArray("score")).containsExactly(-1f);
    assertThat(circuitOpenRejections()).isEqualTo(1);
    assertThat(runtime.calls()).isEqualTo(20);
  }

  @Test
  void aFailingFallback_rethrowsTheOriginalFailure_withTheFallbacksErrorSuppressed() {
    IllegalStateException broken = new IllegalStateException("fallback store down");
    MonitoredModel model = model(config().fallback((inputs, version, failure) -> { throw broken; }));
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW))
        .isInstanceOf(ModelExecutionException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(broken));
  }

  @Test
  void theBreaker_sitsBetweenTheOutcomeCountsAndAdmission_andIsAbsentWhenOff() {
    MonitoredModel with = model(config());
    assertThat(ChainStages.of(with)).containsExactly(Stage.REQUEST_METRICS, Stage.REQUEST_METRICS,
        Stage.CIRCUIT_BREAKER, Stage.SIGNATURE, Stage.VALIDATION, Stage.RUN_METRICS);
    MonitoredModel without = MonitoredModel.builder("plain").runtime(Fakes.summingRanker()).build();
    assertThat(ChainStages.of(without)).doesNotContain(Stage.CIRCUIT_BREAKER);
    assertThat(without.circuitBreaker()).isEmpty();
    assertThat(registry.find("monitored.inference.circuit.state").tag("model", "plain").gauge()).isNull();
  }

  @Test
  void settings_areCheckedAtOnce_andConflictsAtBuild() {
    CircuitBreakerConfig defaults = CircuitBreakerConfig.ofDefaults();
    assertThatThrownBy(() -> defaults.failureRateThreshold(0)).hasMessage("failureRateThreshold must be in (0, 100], but was 0.0");
    assertThatThrownBy(() -> defaults.slidingWindowSize(0)).hasMessage("slidingWindowSize must be > 0, but was 0");
    assertThatThrownBy(() -> defaults.minimumNumberOfCalls(-1)).hasMessage("minimumNumberOfCalls must be > 0, but was -1");
    assertThatThrownBy(() -> defaults.permittedCallsInHalfOpenState(0))
        .hasMessage("permittedCallsInHalfOpenState must be > 0, but was 0");
    assertThatThrownBy(() -> defaults.waitDurationInOpenState(Duration.ZERO))
        .hasMessage("waitDurationInOpenState must be > 0, but was PT0S");
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
            .circuitBreaker(defaults.slidingWindowSize(10).minimumNumberOfCalls(11)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the circuit breaker of model 'ranker' needs minimumNumberOfCalls (11) <= slidingWindowSize (10),"
            + " or it could never open");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
