package dev.monitoredinference.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.testing.FakeModelRuntime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The mapping from the library's UP / DEGRADED / DOWN to Actuator's statuses. */
class ModelHealthIndicatorTest {
  private final AtomicReference<HealthStatus> reported = new AtomicReference<>(HealthStatus.up());
  private final MonitoredModel model = MonitoredModel.builder("ranker")
      .runtime(FakeModelRuntime.of(ModelVersion.builder("ranker", "7").build(),
          inputs -> Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1))))
      .addHealthContributor(reported::get)
      .build();
  private final ModelHealthIndicator indicator = new ModelHealthIndicator(model);

  @AfterEach
  void close() {
    model.close();
  }

  @Test
  void up_isUp_withVersionAndProvider() {
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails())
        .isEqualTo(Map.of("state", "UP", "version", "7", "provider", "cpu"));
  }

  @Test
  void degraded_isUp_becauseTheModelStillServes_withTheReasons() {
    reported.set(HealthStatus.degraded("running on cpu instead of cuda (library_missing)"));
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("state", "DEGRADED")
        .containsEntry("reasons", List.of("running on cpu instead of cuda (library_missing)"));
  }

  @Test
  void down_isDown_withTheReasons() {
    reported.set(HealthStatus.down("circuit breaker OPEN after runtime failures; calls are refused"));
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails()).containsEntry("state", "DOWN").containsEntry("reasons",
        List.of("circuit breaker OPEN after runtime failures; calls are refused"));
  }

  @Test
  void closed_isDown_withoutAVersion() {
    model.close();
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails())
        .isEqualTo(Map.of("state", "DOWN", "reasons", List.of("model is closed")));
  }
}
