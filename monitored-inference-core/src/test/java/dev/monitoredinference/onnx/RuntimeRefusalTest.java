package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.onnxruntime.OrtException;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.anomaly.Alert;
import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.anomaly.AnomalySignal;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.runtime.RunControl;
import dev.monitoredinference.testing.ForwardingModelRuntime;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Inputs that pass every check this library can make but that ONNX Runtime refuses while running
 * the graph ({@code ORT_INVALID_ARGUMENT}): a token id beyond the encoder's 3-row table, with no
 * {@code tokenIds} rule. They are the caller's fault, so neither the breaker nor the anomaly
 * detector acts on them.
 */
class RuntimeRefusalTest {
  private static final byte[] ENCODER = TestModels.tokenEncoder(new float[] {1, 2, 3, 4, 5, 6}, 2);
  private static final Inputs VALID = tokens(0, 2);
  private static final Inputs BEYOND_THE_TABLE = tokens(0, 7);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static Inputs tokens(long first, long second) {
    return Inputs.builder()
        .put("input_ids", Tensor.ofLongs(new long[] {first, second}, 1, 2))
        .put("attention_mask", Tensor.ofLongs(new long[] {1, 1}, 1, 2))
        .build();
  }

  @Test
  void predict_tokenIdBeyondTheTable_isInvalidInput_withTheRuntimesErrorAsCause() {
    try (MonitoredModel model = MonitoredModel.builder("encoder").modelBytes(ENCODER).metrics(registry).build()) {
      assertThatThrownBy(() -> model.predict(BEYOND_THE_TABLE))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.violations()).extracting(InputViolation::input, InputViolation::rule)
                .containsExactly(tuple("(all inputs)", InputRule.RUNTIME_CHECK));
            assertThat(((OrtException) e.getCause()).getCode())
                .isEqualTo(OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT);
          })
          .hasMessage("invalid input for model 'encoder' version 1:\n  input '(all inputs)' breaks"
              + " rule runtime_check: ONNX Runtime refused them: Error code - ORT_INVALID_ARGUMENT"
              + " - message: Non-zero status code returned while running Gather node."
              + " Name:'Gather_0' Status Message: indices element out of data bounds, idx=7 must be"
              + " within the inclusive range [-3,2]");

      assertThat(registry.get("monitored.inference.rejections")
          .tags("model", "encoder", "reason", "runtime_check").counter().count()).isEqualTo(1);
      assertThat(registry.get("monitored.inference.request.duration")
          .tags("model", "encoder", "error.type", "invalid_input").timer().count()).isEqualTo(1);
      assertThat(model.liveNativeObjects()).isEqualTo(1); // the session; every tensor was closed
    }
  }

  @Test
  void predict_refusedByTheRuntime_aThousandTimes_leavesTheBreakerClosed() {
    CircuitBreakerConfig breaker = CircuitBreakerConfig.ofDefaults()
        .slidingWindowSize(10).minimumNumberOfCalls(10).waitDurationInOpenState(Duration.ofHours(1));
    try (MonitoredModel model = MonitoredModel.builder("encoder").modelBytes(ENCODER)
        .circuitBreaker(breaker).metrics(registry).build()) {
      for (int call = 0; call < 1_000; call++) {
        assertThatThrownBy(() -> model.predict(BEYOND_THE_TABLE)).isInstanceOf(InvalidInputException.class);
      }

      assertThat(registry.get("monitored.inference.circuit.state").tag("model", "encoder").gauge().value())
          .isZero(); // CLOSED
      assertThat(model.health()).isEqualTo(HealthStatus.up());
      assertThat(model.predict(VALID).output("last_hidden_state").floatArray())
          .containsExactly(1, 2, 5, 6);
    }
  }

  @Test
  void predict_refusedByTheRuntime_isNotAnErrorForTheAnomalyDetector() {
    assertThat(errorAlertsWhenHalfTheCalls(this::refusedByTheRuntime)).isEmpty();
  }

  /** The control: the same traffic, with the bad calls failing inside the model instead. */
  @Test
  void predict_failingInTheModel_isAnErrorForTheAnomalyDetector() {
    assertThat(errorAlertsWhenHalfTheCalls(this::failingInTheModel))
        .extracting(Alert::signal, Alert::state)
        .containsExactly(tuple(AnomalySignal.ERRORS, Alert.State.FIRING));
  }

  private MonitoredModel refusedByTheRuntime(AnomalyConfig detection, List<Alert> heard) {
    return MonitoredModel.builder("encoder").modelBytes(ENCODER).anomalies(detection)
        .alertListener(heard::add).build();
  }

  private MonitoredModel failingInTheModel(AnomalyConfig detection, List<Alert> heard) {
    return MonitoredModel.builder("encoder").modelBytes(ENCODER).anomalies(detection)
        .alertListener(heard::add)
        .loader(request -> new ForwardingModelRuntime(OnnxModelLoader.create().load(request)) {
          @Override
          public Prediction run(Inputs inputs, RunControl control) {
            if (inputs.find("input_ids").longArray()[1] == 7) {
              throw new ModelExecutionException("encoder", "1", "run", new IllegalStateException("planted"));
            }
            return super.run(inputs, control);
          }
        })
        .build();
  }

  private interface Encoder {
    MonitoredModel build(AnomalyConfig detection, List<Alert> heard);
  }

  /** Ten calm windows of 120 valid calls, then five of 60 valid and 60 bad ones. */
  private static List<Alert> errorAlertsWhenHalfTheCalls(Encoder encoder) {
    AtomicLong ticker = new AtomicLong();
    List<Alert> heard = new ArrayList<>();
    AnomalyConfig detection = AnomalyConfig.ofDefaults().window(Duration.ofSeconds(10))
        .minCalls(50).ticker(ticker::get);
    try (MonitoredModel model = encoder.build(detection, heard)) {
      for (int window = 1; window <= 15; window++) {
        for (int call = 0; call < 120; call++) {
          boolean bad = window > 10 && call % 2 == 1;
          try {
            model.predict(bad ? BEYOND_THE_TABLE : VALID);
          } catch (InvalidInputException | ModelExecutionException expected) {
            // what the window counts
          }
        }
        ticker.set(window * Duration.ofSeconds(10).toNanos());
      }
      model.anomalies().evaluate();
      return heard;
    }
  }
}
