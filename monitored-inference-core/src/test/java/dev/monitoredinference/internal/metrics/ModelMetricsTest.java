package dev.monitoredinference.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.Fakes;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The meters' names, tags and exact values, with SimpleMeterRegistry and a MockClock. */
class ModelMetricsTest {
  private static final ModelVersion V7 = Fakes.RANKER_V7;
  private static final Inputs ROW = Fakes.ONE_ROW;

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

  /** A runtime that takes {@code runMillis} of mock time per call. */
  private FakeModelRuntime taking(long runMillis, Function<Inputs, Map<String, Tensor>> answer) {
    return FakeModelRuntime.of(V7, inputs -> {
      clock.add(Duration.ofMillis(runMillis));
      return answer.apply(inputs);
    });
  }

  private static Map<String, Tensor> score(float value) {
    return Map.of("score", Tensor.ofFloats(new float[] {value}, 1, 1));
  }

  private Timer request(String errorType) {
    return registry.get("monitored.inference.request.duration")
        .tags("model", "ranker", "operation", "predict", "error.type", errorType).timer();
  }

  private Timer run(String errorType) {
    return registry.get("monitored.inference.run.duration")
        .tags("model", "ranker", "model.version", "7", "execution.provider", "cpu", "error.type", errorType)
        .timer();
  }

  @Test
  void successfulCalls_recordRequestAndRunTimeExactly() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(taking(4, in -> score(1f)))
        .addInterceptor(chain -> {
          clock.add(Duration.ofMillis(1)); // time spent outside the runtime
          return chain.proceed(chain.inputs());
        })
        .metrics(registry).build();
    model.predict(ROW);
    model.predict(ROW);

    assertThat(request("none").count()).isEqualTo(2);
    // the application interceptor runs outside the request timer; only the runtime's 4 ms count
    assertThat(request("none").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8.0);
    assertThat(run("none").count()).isEqualTo(2);
    assertThat(run("none").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8.0);
  }

  @Test
  void everyErrorType_isRegisteredUpFrontAtZero() {
    MonitoredModel.builder("ranker").runtime(taking(1, in -> score(1f))).metrics(registry).build();
    for (ErrorType type : ErrorType.values()) {
      assertThat(request(type.tagValue()).count()).isZero();
      assertThat(run(type.tagValue()).count()).isZero();
    }
  }

  @Test
  void invalidInput_isTimedAsInvalidInputAndNeverReachesTheRunTimer() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(taking(1, in -> score(1f))).metrics(registry).build();
    assertThatThrownBy(() -> model.predict(Inputs.of("features", Tensor.ofFloats(new float[3], 1, 3))))
        .isInstanceOf(InvalidInputException.class);
    assertThat(request("invalid_input").count()).isEqualTo(1);
    assertThat(Arrays.stream(ErrorType.values()).mapToLong(type -> run(type.tagValue()).count()).sum()).isZero();
  }

  @Test
  void runtimeFailures_areRecordedAndRethrownUnchanged() {
    ModelExecutionException failure = new ModelExecutionException("ranker", "7", "run", new RuntimeException("boom"));
    MonitoredModel model = MonitoredModel.builder("ranker")
        .runtime(taking(3, in -> { throw failure; })).metrics(registry).build();
    assertThatThrownBy(() -> model.predict(ROW)).isSameAs(failure);
    assertThat(request("runtime_error").count()).isEqualTo(1);
    assertThat(run("runtime_error").count()).isEqualTo(1);
    assertThat(run("runtime_error").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
  }

  @Test
  void failuresOfOtherKinds_areRecordedAsOther() {
    IllegalStateException bug = new IllegalStateException("interceptor bug");
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(taking(1, in -> score(1f)))
        .addRuntimeInterceptor(chain -> { throw bug; }).metrics(registry).build();
    assertThatThrownBy(() -> model.predict(ROW)).isSameAs(bug);
    assertThat(request("_OTHER").count()).isEqualTo(1);
  }

  @Test
  void activeGauge_countsCallsInFlight() {
    AtomicReference<Double> duringCall = new AtomicReference<>();
    MonitoredModel model = MonitoredModel.builder("ranker")
        .runtime(taking(1, in -> {
          duringCall.set(registry.get("monitored.inference.active").tag("model", "ranker").gauge().value());
          return score(1f);
        }))
        .metrics(registry).build();
    model.predict(ROW);
    assertThat(duringCall.get()).isEqualTo(1.0);
    assertThat(registry.get("monitored.inference.active").gauge().value()).isZero();
  }

  @Test
  void modelInfo_namesVersionDigestAndProvider_andGoesAwayOnClose() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(taking(1, in -> score(1f))).metrics(registry).build();
    assertThat(registry.get("monitored.inference.model.info")
            .tags("model", "ranker", "model.version", "7", "model.digest", "0123456789ab", "execution.provider", "cpu")
            .gauge().value())
        .isEqualTo(1.0);
    model.close();
    assertThat(registry.find("monitored.inference.model.info").meters()).isEmpty();
    assertThat(registry.find("monitored.inference.active").meters()).isEmpty();
    assertThat(registry.find("monitored.inference.request.duration").meters()).hasSize(ErrorType.values().length);
  }

  @Test
  void durationTimers_publishTheSloBucketsInSeconds() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(taking(4, in -> score(1f))).metrics(registry).build();
    model.predict(ROW);
    CountAtBucket[] buckets = request("none").takeSnapshot().histogramCounts();
    assertThat(Arrays.stream(buckets).mapToDouble(b -> b.bucket(TimeUnit.SECONDS)).toArray())
        .containsExactly(0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075,
            0.1, 0.15, 0.25, 0.5, 1, 2.5);
    assertThat(Arrays.stream(buckets).mapToDouble(CountAtBucket::count).toArray())
        .containsExactly(0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
  }

  @Test
  void aFailingMeter_neverChangesTheResult() {
    SimpleMeterRegistry broken = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock) {
      @Override
      protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauses) {
        return new CumulativeTimer(id, clock, config, pauses, TimeUnit.SECONDS, false) {
          @Override
          protected void recordNonNegative(long amount, TimeUnit unit) {
            throw new IllegalStateException("meter backend down");
          }
        };
      }
    };
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(taking(1, in -> score(0.25f))).metrics(broken).build();
    Prediction p = model.predict(ROW);
    assertThat(p.floatArray("score")).containsExactly(0.25f);
    assertThat(model.predict(ROW).floatArray("score")).containsExactly(0.25f);
  }

  @Test
  void meterNames_comeFromTheDocumentedEnum() {
    MonitoredModel.builder("ranker").runtime(taking(1, in -> score(1f))).metrics(registry).build();
    // SimpleMeterRegistry publishes SLO buckets as extra "<timer>.histogram" gauges.
    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getName().replaceFirst("\\.histogram$", ""))
        .allSatisfy(name ->
        assertThat(Arrays.stream(InferenceMeter.values()).map(InferenceMeter::meterName)).contains(name));
    assertThat(registry.get("monitored.inference.request.duration").meter().getId().getDescription())
        .isEqualTo(InferenceMeter.REQUEST_DURATION.description());
  }
}
