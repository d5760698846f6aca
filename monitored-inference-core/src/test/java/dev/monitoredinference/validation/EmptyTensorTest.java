package dev.monitoredinference.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.InvalidOutputException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tensors with a dimension of 0, on real ONNX Runtime sessions: refused by default with rule
 * {@code empty} before anything runs, so they never count against the model; let through on
 * request.
 */
class EmptyTensorTest {
  private static final Inputs EMPTY_BATCH = Inputs.of("x", Tensor.ofFloats(new float[0], 0, 4));
  private static final String EMPTY_BATCH_MESSAGE = "input 'x' breaks rule empty: shape [0, 4] holds"
      + " no elements (dimension 0 is 0); InputSchema.allowEmptyTensors() lets empty tensors through";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private MonitoredModel model(String name, byte[] bytes, InputSchema schema) {
    return MonitoredModel.builder(name).modelBytes(bytes).validate(schema).metrics(registry).build();
  }

  private static byte[] bytes(String name) {
    return name.equals("argmax") ? TestModels.argMaxOverBatch(4) : TestModels.maxOverBatch(4);
  }

  private double rejections(String model, String reason) {
    return registry.get("monitored.inference.rejections").tags("model", model, "reason", reason)
        .counter().count();
  }

  private long runs(String model) {
    return registry.find("monitored.inference.run.duration").tag("model", model).timers().stream()
        .mapToLong(Timer::count).sum();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"argmax", "max"})
  void predict_emptyBatch_isRejectedBeforeTheRuntime(String name) {
    try (MonitoredModel model = model(name, bytes(name), InputSchema.fromModel())) {
      assertThatThrownBy(() -> model.predict(EMPTY_BATCH))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.version()).isEqualTo("1");
            assertThat(e.violations()).extracting(InputViolation::input, InputViolation::rule)
                .containsExactly(tuple("x", InputRule.EMPTY));
          })
          .hasMessage("invalid input for model '" + name + "' version 1:\n  " + EMPTY_BATCH_MESSAGE);
      assertThat(rejections(name, "empty")).isEqualTo(1);
      assertThat(runs(name)).isZero();
      assertThat(registry.get("monitored.inference.request.duration").tags("model", name,
          "error.type", "invalid_input").timer().count()).isEqualTo(1);
    }
  }

  @Test
  void predict_zeroInnerDimension_isRejected_evenWithHugeDimensionsWithinMaxElements() {
    byte[] identity = TestModels.identity(ElementType.FLOAT, TensorSpec.FREE, TensorSpec.FREE);
    try (MonitoredModel model = model("identity", identity, InputSchema.fromModel().maxElements(16))) {
      Inputs huge = Inputs.of("input", Tensor.ofFloats(new float[0], 0, Integer.MAX_VALUE));
      Inputs hollow = Inputs.of("input", Tensor.ofFloats(new float[0], 2, 0));

      assertThatThrownBy(() -> model.predict(hollow))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("invalid input for model 'identity' version 1:\n  input 'input' breaks rule"
              + " empty: shape [2, 0] holds no elements (dimension 1 is 0);"
              + " InputSchema.allowEmptyTensors() lets empty tensors through");
      assertThatThrownBy(() -> model.predict(huge)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("input 'input' breaks rule empty: shape [0, 2147483647] holds no"
              + " elements (dimension 0 is 0)");
      assertThat(rejections("identity", "empty")).isEqualTo(2);
      assertThat(runs("identity")).isZero();
    }
  }

  @Test
  void predict_emptyBatch_aThousandTimes_leavesTheBreakerClosedAndValidCallersServed() {
    CircuitBreakerConfig breaker = CircuitBreakerConfig.ofDefaults()
        .slidingWindowSize(10).minimumNumberOfCalls(10).waitDurationInOpenState(Duration.ofHours(1));
    try (MonitoredModel model = MonitoredModel.builder("argmax").modelBytes(TestModels.argMaxOverBatch(4))
        .circuitBreaker(breaker).metrics(registry).build()) {
      for (int call = 0; call < 1_000; call++) {
        assertThatThrownBy(() -> model.predict(EMPTY_BATCH)).isInstanceOf(InvalidInputException.class);
      }

      assertThat(registry.get("monitored.inference.circuit.state").tag("model", "argmax").gauge().value())
          .isZero(); // CLOSED
      assertThat(model.health()).isEqualTo(HealthStatus.up());
      assertThat(rejections("argmax", "empty")).isEqualTo(1_000);
      assertThat(rejections("argmax", "circuit_open")).isZero();
      Inputs twoRows = Inputs.of("x", Tensor.ofFloats(new float[] {1, 5, 0, 2, 3, 4, 9, 1}, 2, 4));
      assertThat(model.predict(twoRows).output("argmax").longArray()).containsExactly(1, 0, 1, 0);
    }
  }

  @Test
  void allowEmptyTensors_letsAnEmptyBatchReachAModelThatHandlesIt() {
    byte[] scorer = TestModels.linearScorer(new float[] {1f, 2f}, 0.5f);
    Inputs empty = Inputs.of("features", Tensor.ofFloats(new float[0], 0, 2));
    for (InputSchema schema :
        new InputSchema[] {InputSchema.fromModel().allowEmptyTensors(), InputSchema.signatureOnly().allowEmptyTensors()}) {
      try (MonitoredModel model = model("scorer", scorer, schema)) {
        assertThat(model.predict(empty).output("score").shape()).containsExactly(0, 1);
      }
    }
  }

  @Test
  void signatureOnly_stillRefusesEmptyTensors() {
    try (MonitoredModel model = model("argmax", bytes("argmax"), InputSchema.signatureOnly())) {
      assertThatThrownBy(() -> model.predict(EMPTY_BATCH)).isInstanceOf(InvalidInputException.class)
          .hasMessageEndingWith(EMPTY_BATCH_MESSAGE);
      assertThat(runs("argmax")).isZero();
    }
  }

  /** Why the default refuses them: ONNX Runtime's own answers when they are let through. */
  @Test
  void allowEmptyTensors_onAReductionOverTheBatch_failsAsTheModelsFault() {
    InputSchema allowing = InputSchema.fromModel().allowEmptyTensors();
    try (MonitoredModel argMax = model("argmax", bytes("argmax"), allowing);
        MonitoredModel max = model("max", bytes("max"), allowing)) {
      assertThatThrownBy(() -> argMax.predict(EMPTY_BATCH)).isInstanceOf(ModelExecutionException.class)
          .hasMessageStartingWith("model 'argmax' version 1 failed to run: Error code -"
              + " ORT_RUNTIME_EXCEPTION - message: Non-zero status code returned while running ArgMax node");
      assertThatThrownBy(() -> max.predict(EMPTY_BATCH)).isInstanceOf(InvalidOutputException.class)
          .hasMessage("model 'max' version 1 produced 4 non-finite value(s) in output 'max', first at index 0");
    }
  }
}
