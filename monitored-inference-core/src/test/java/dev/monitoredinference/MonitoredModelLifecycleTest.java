package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.testing.FakeModelRuntime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MonitoredModelLifecycleTest {
  @Test
  void close_waitsForRunningCallsThenClosesTheRuntimeExactlyOnce() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeModelRuntime runtime = Fakes.ranker(inputs -> {
      running.countDown();
      await(release);
      return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
    });
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
    CompletableFuture<Prediction> inFlight = CompletableFuture.supplyAsync(() -> model.predict(Fakes.ONE_ROW));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    model.close();
    model.close();
    assertThat(runtime.closes()).isZero();
    assertThatThrownBy(() -> model.predict(Fakes.ONE_ROW)).isInstanceOf(ModelClosedException.class);

    release.countDown();
    assertThat(inFlight.get(5, TimeUnit.SECONDS).floatArray("score")).containsExactly(1f);
    assertThat(runtime.closes()).isEqualTo(1);
    assertThat(runtime.callsAfterClose()).isZero();
    assertThat(runtime.closesWhileRunning()).isZero();
    assertThat(model.liveNativeObjects()).isZero();
  }

  @Test
  void close_withNoCallRunning_closesAtOnce() {
    FakeModelRuntime runtime = Fakes.summingRanker();
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(runtime).build();
    model.predict(Fakes.ONE_ROW);
    model.close();
    assertThat(runtime.closes()).isEqualTo(1);
    assertThat(model.isClosed()).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
