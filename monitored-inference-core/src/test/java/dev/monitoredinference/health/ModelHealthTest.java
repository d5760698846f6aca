package dev.monitoredinference.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Fakes;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.runtime.DeviceFallback;
import dev.monitoredinference.runtime.ExecutionProvider;
import dev.monitoredinference.runtime.FallbackReason;
import dev.monitoredinference.testing.FakeModelRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ModelHealthTest {
  private static final CircuitBreakerConfig TRIPS_AFTER_2 = CircuitBreakerConfig.ofDefaults()
      .slidingWindowSize(2).minimumNumberOfCalls(2).waitDurationInOpenState(Duration.ofHours(1));

  private static FakeModelRuntime failing() {
    return Fakes.ranker(inputs -> {
      throw new ModelExecutionException("ranker", "7", "run", new IllegalStateException("boom"));
    });
  }

  private static void trip(MonitoredModel model) {
    for (int i = 0; i < 2; i++) {
      try {
        model.predict(Fakes.ONE_ROW);
      } catch (ModelExecutionException expected) {
        // counted by the breaker
      }
    }
  }

  @Test
  void aServingModel_isUp_andAClosedOneIsDown() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build();
    assertThat(model.health()).isEqualTo(HealthStatus.up());
    assertThat(model.health().reasons()).isEmpty();
    model.close();
    assertThat(model.health().state()).isEqualTo(HealthState.DOWN);
    assertThat(model.health().reasons()).containsExactly("model is closed");
    assertThat(model.health().isReady()).isFalse();
  }

  @Test
  void aGpuFallback_isDegradedWithTheReason() {
    ModelVersion onCpu = ModelVersion.builder("ranker", "7")
        .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
        .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
        .fallback(DeviceFallback.of(ExecutionProvider.CUDA, ExecutionProvider.CPU, FallbackReason.LIBRARY_MISSING,
            "libcublasLt.so.12: cannot open shared object file"))
        .build();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(FakeModelRuntime.of(onCpu, in -> Map.of())).build();
    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    assertThat(model.health().reasons()).containsExactly("running on cpu instead of cuda (library_missing)");
    assertThat(model.health().isReady()).isTrue();
  }

  @Test
  void anOpenBreaker_isDown_orDegradedWhenAFallbackAnswers() {
    MonitoredModel refusing = MonitoredModel.builder("ranker").runtime(failing()).circuitBreaker(TRIPS_AFTER_2).build();
    trip(refusing);
    assertThat(refusing.health().state()).isEqualTo(HealthState.DOWN);
    assertThat(refusing.health().reasons())
        .containsExactly("circuit breaker OPEN after runtime failures; calls are refused");

    MonitoredModel answering = MonitoredModel.builder("ranker").runtime(failing())
        .circuitBreaker(TRIPS_AFTER_2.fallback((inputs, version, failure) -> Prediction.builder(version).build()))
        .build();
    answering.predict(Fakes.ONE_ROW);
    answering.predict(Fakes.ONE_ROW);
    assertThat(answering.health().state()).isEqualTo(HealthState.DEGRADED);
    assertThat(answering.health().reasons())
        .containsExactly("circuit breaker OPEN after runtime failures; the fallback answers");
  }

  /** An interceptor of the user's that also has a say in health, registered as a contributor. */
  private static final class Alarm implements InferenceInterceptor, HealthContributor {
    final AtomicReference<HealthStatus> status = new AtomicReference<>(HealthStatus.up());

    @Override
    public Prediction intercept(Chain chain) {
      return chain.proceed(chain.inputs());
    }

    @Override
    public HealthStatus health() {
      return status.get();
    }
  }

  @Test
  void addedContributors_areCombinedWorstFirst_withEveryReason() {
    Alarm latency = new Alarm();
    Alarm drift = new Alarm();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .addInterceptor(latency).addRuntimeInterceptor(drift)
        .addHealthContributor(latency).addHealthContributor(drift).build();
    latency.status.set(HealthStatus.degraded("p99 above 50 ms"));
    drift.status.set(HealthStatus.down("input drift PSI 0.4"));
    assertThat(model.health().state()).isEqualTo(HealthState.DOWN);
    assertThat(model.health().reasons()).containsExactly("p99 above 50 ms", "input drift PSI 0.4");
  }

  @Test
  void aContributorThatThrows_readsAsDegraded_andNeverFailsTheCheck() {
    BrokenAlarm broken = new BrokenAlarm();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .addInterceptor(broken).addHealthContributor(broken).build();
    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    assertThat(model.health().reasons()).containsExactly("health check " + BrokenAlarm.class.getName()
        + " failed: java.lang.IllegalStateException: alarm store down");
  }

  private static final class BrokenAlarm implements InferenceInterceptor, HealthContributor {
    @Override
    public Prediction intercept(Chain chain) {
      return chain.proceed(chain.inputs());
    }

    @Override
    public HealthStatus health() {
      throw new IllegalStateException("alarm store down");
    }
  }
  @Test
  void anInterceptorThatContributes_isNotAskedUnlessRegistered() {
    Alarm unregistered = new Alarm();
    unregistered.status.set(HealthStatus.down("never asked"));
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .addInterceptor(unregistered).build();
    assertThat(model.health()).isEqualTo(HealthStatus.up());
  }


  @Test
  void theRegistry_reportsTheWorstModel_withReasonsNamedByModel() {
    ModelHealthRegistry registry = new ModelHealthRegistry();
    assertThat(registry.health()).isEqualTo(HealthStatus.up());
    MonitoredModel ranker = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build();
    MonitoredModel encoder = MonitoredModel.builder("encoder").runtime(failing()).circuitBreaker(TRIPS_AFTER_2).build();
    registry.register(ranker.name(), ranker);
    registry.register(encoder.name(), encoder);
    assertThat(registry.health().isReady()).isTrue();

    trip(encoder);
    assertThat(registry.health().state()).isEqualTo(HealthState.DOWN);
    assertThat(registry.health().reasons())
        .containsExactly("encoder: circuit breaker OPEN after runtime failures; calls are refused");
    assertThat(registry.models().keySet()).containsExactly("encoder", "ranker");
    assertThat(registry.models().get("ranker")).isEqualTo(HealthStatus.up());

    assertThat(registry.unregister("encoder")).isTrue();
    assertThat(registry.health()).isEqualTo(HealthStatus.up());
    assertThatThrownBy(() -> registry.register("ranker", ranker))
        .isInstanceOf(IllegalStateException.class).hasMessage("a model named 'ranker' is registered already");
  }

  @Test
  void statuses_combineToTheWorst_andNeedAReason() {
    HealthStatus combined = HealthStatus.worstOf(List.of(HealthStatus.degraded("a"), HealthStatus.up(), HealthStatus.degraded("b")));
    assertThat(combined.state()).isEqualTo(HealthState.DEGRADED);
    assertThat(combined.reasons()).containsExactly("a", "b");
    assertThat(HealthStatus.worstOf(List.of())).isEqualTo(HealthStatus.up());
    assertThatThrownBy(() -> HealthStatus.down(" ")).hasMessage("reason must not be blank, but was ' '");
  }
}
