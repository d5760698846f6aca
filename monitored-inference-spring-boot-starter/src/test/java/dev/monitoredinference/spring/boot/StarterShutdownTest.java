package dev.monitoredinference.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the context drains each model for its shutdown-timeout, then closes it. */
class StarterShutdownTest {
  @TempDir Path dir;

  private final HeldCalls held = new HeldCalls();

  private ApplicationContextRunner runner(String shutdownTimeout) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class))
        .withPropertyValues(
            "monitored-inference.models.ranker.file=" + RankerModelFile.writeTo(dir),
            "monitored-inference.models.ranker.shutdown-timeout=" + shutdownTimeout)
        .withBean(MonitoredModelCustomizer.class, held::customizer);
  }

  @Test
  void callInFlight_finishes_whileTheContextCloses() throws Exception {
    runner("10s").run(context -> {
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      CompletableFuture<Prediction> call =
          CompletableFuture.supplyAsync(() -> ranker.predict(RankerModelFile.INPUTS));
      held.awaitEntered();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(
          () -> ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close());
      waitUntilClosedToNewCalls(ranker);
      assertThat(closing).isNotDone(); // the drain waits for the call in flight
      held.release();
      assertThat(call.get(10, TimeUnit.SECONDS).floatArray("score")[0])
          .isCloseTo(RankerModelFile.SCORE, within(1e-6f));
      closing.get(10, TimeUnit.SECONDS);
      assertThat(ranker.isClosed()).isTrue();
    });
  }

  @Test
  void zeroTimeout_callInFlight_isTerminated() throws Exception {
    runner("0s").run(context -> {
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      CompletableFuture<Prediction> call =
          CompletableFuture.supplyAsync(() -> ranker.predict(RankerModelFile.INPUTS));
      held.awaitEntered();
      ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
      held.release();
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ModelClosedException.class);
    });
  }

  /** A closing model refuses new calls at once; that is the sign its drain has begun. */
  private static void waitUntilClosedToNewCalls(MonitoredModel ranker) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(ranker::isClosed);
    assertThatThrownBy(() -> ranker.predict(RankerModelFile.INPUTS))
        .isInstanceOf(ModelClosedException.class);
  }
}
