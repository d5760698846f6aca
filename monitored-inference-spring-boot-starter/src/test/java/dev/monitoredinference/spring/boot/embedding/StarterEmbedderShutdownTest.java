package dev.monitoredinference.spring.boot.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.spring.boot.HeldCalls;
import dev.monitoredinference.spring.boot.MiniLmFiles;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import dev.monitoredinference.spring.boot.MonitoredModelCustomizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the context drains each embedder for its shutdown-timeout, its own encoder with it. */
class StarterEmbedderShutdownTest {
  private static final String QUERY = "monitored-inference.embedders.query.";

  @TempDir static Path dir;
  private static MiniLmFiles minilm;

  private final HeldCalls held = new HeldCalls();

  @BeforeAll
  static void writeModel() {
    minilm = MiniLmFiles.writeTo(dir);
  }

  private ApplicationContextRunner runner(String shutdownTimeout) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class))
        .withPropertyValues(QUERY + "file=" + minilm.model(),
            QUERY + "tokenizer=" + minilm.tokenizer(),
            QUERY + "shutdown-timeout=" + shutdownTimeout)
        .withBean(MonitoredModelCustomizer.class, held::customizer);
  }

  @Test
  void callInFlight_finishes_whileTheContextCloses() throws Exception {
    runner("10s").run(context -> {
      TextEmbedder query = context.getBean("query", TextEmbedder.class);
      CompletableFuture<float[]> call = CompletableFuture.supplyAsync(() -> query.embed("shoes"));
      held.awaitEntered();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(
          () -> ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(query::isClosed);
      assertThatThrownBy(() -> query.embed("boots")).isInstanceOf(ModelClosedException.class);
      assertThat(closing).isNotDone(); // the drain waits for the call in flight
      held.release();
      assertThat(call.get(10, TimeUnit.SECONDS)).hasSize(MiniLmFiles.DIMENSIONS);
      closing.get(10, TimeUnit.SECONDS);
      assertThat(query.model().isClosed()).isTrue();
    });
  }

  @Test
  void zeroTimeout_callInFlight_isTerminated() throws Exception {
    runner("0s").run(context -> {
      TextEmbedder query = context.getBean("query", TextEmbedder.class);
      CompletableFuture<float[]> call = CompletableFuture.supplyAsync(() -> query.embed("shoes"));
      held.awaitEntered();
      ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
      held.release();
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ModelClosedException.class);
    });
  }
}
