package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The one general call form: an immutable value, and predict honours each of its settings. */
class CallOptionsTest {
  @Test
  void defaults_areAnAnonymousInteractiveCallWithTheModelsDeadline() {
    CallOptions defaults = CallOptions.ofDefaults();
    assertThat(defaults.caller().isAnonymous()).isTrue();
    assertThat(defaults.priority()).isEqualTo(Priority.INTERACTIVE);
    assertThat(defaults.routingKey()).isNull();
    assertThat(defaults.timeout()).isNull();
  }

  @Test
  void setters_returnNewValues_andCheckTheirArguments() {
    CallOptions defaults = CallOptions.ofDefaults();
    CallOptions batch = defaults.priority(Priority.BATCH).caller(CallerId.of("tenant-7"))
        .routingKey(RoutingKey.of("user-1")).timeout(Duration.ofMillis(50));
    assertThat(defaults.priority()).isEqualTo(Priority.INTERACTIVE);
    assertThat(batch.priority()).isEqualTo(Priority.BATCH);
    assertThat(batch.caller()).isEqualTo(CallerId.of("tenant-7"));
    assertThat(batch.routingKey()).isEqualTo(RoutingKey.of("user-1"));
    assertThat(batch.timeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(batch.toString()).doesNotContain("tenant-7").doesNotContain("user-1");
    assertThatThrownBy(() -> defaults.timeout(Duration.ZERO)).hasMessage("timeout must be > 0, but was PT0S");
  }

  @Test
  void predict_honoursTheTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.heldUntil(release, () -> { }))
        .build()) {
      assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW, CallOptions.ofDefaults().timeout(Duration.ofMillis(50))))
          .isInstanceOf(DeadlineExceededException.class);
      release.countDown();
    }
  }

  @Test
  void predict_withOptions_servesLikeTheShorthands() {
    try (MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build()) {
      CallOptions options = CallOptions.ofDefaults().caller(CallerId.of("tenant-7"))
          .routingKey(RoutingKey.of("user-1")).priority(Priority.BATCH);
      assertThat(model.predict(Fakes.ONE_ROW, options).floatArray("score")).containsExactly(0.8f);
    }
  }
}
