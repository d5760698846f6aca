package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.circuit.CircuitOpenException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each failure names the rejection reasons it counts under; the counter needs no list of features. */
class RejectionReasonsTest {
  @Test
  void invalidInput_namesEachBrokenRuleOnce_inTheOrderFirstBroken() {
    InvalidInputException e = new InvalidInputException("m", "1", List.of(
        InputViolation.of("a", InputRule.NAN, "NaN at [0]"),
        InputViolation.of("b", InputRule.NAN, "NaN at [3]"),
        InputViolation.of("a", InputRule.RANGE, "9 outside [0, 1]")));
    assertThat(e.rejectionReasons()).containsExactly("nan", "range");
  }

  @Test
  void refusals_nameTheirReason_andModelFailuresNone() {
    assertThat(new DeadlineExceededException("m", "1", Duration.ofMillis(5), false).rejectionReasons())
        .containsExactly("deadline_exceeded");
    assertThat(new DeadlineExceededException("m", "1", Duration.ofMillis(5), true).rejectionReasons())
        .isEmpty();
    assertThat(new ModelOverloadedException("m", ModelOverloadedException.Reason.QUEUE_TIMEOUT, "full")
        .rejectionReasons()).containsExactly("queue_timeout");
    assertThat(new CircuitOpenException("m", "1", "open").rejectionReasons()).containsExactly("circuit_open");
    assertThat(new ModelExecutionException("m", "1", "run", new IllegalStateException("boom"))
        .rejectionReasons()).isEmpty();
  }

  @Test
  void anApplicationsOwnRefusal_isCountedUnderItsReason() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InferenceInterceptor quota = chain -> {
      throw new QuotaExceeded();
    };
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .addRuntimeInterceptor(quota).metrics(registry).build()) {
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).isInstanceOf(QuotaExceeded.class);
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).isInstanceOf(QuotaExceeded.class);
      assertThat(registry.get("monitored.inference.rejections").tag("reason", "quota").counter().count())
          .isEqualTo(2);
      assertThat(registry.get("monitored.inference.rejections").tag("reason", "nan").counter().count())
          .isZero();
    }
  }

  private static final class QuotaExceeded extends InferenceException {
    private static final long serialVersionUID = 1L;

    QuotaExceeded() {
      super("ranker", "model 'ranker' refused a call: the caller's quota is spent", null);
    }

    @Override
    public ErrorType errorType() {
      return ErrorType.OTHER;
    }

    @Override
    public List<String> rejectionReasons() {
      return List.of("quota");
    }
  }
}
