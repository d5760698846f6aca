package dev.monitoredinference.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.testing.TestModels;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/** A broker that goes away mid-run costs records, counted, and never a call. */
class BrokerLossTest {
  @Test
  void stoppingTheBrokerMidRun_losesNoCall_andEverySampledCallIsSentDroppedOrFailed() throws Exception {
    Broker broker = Broker.start("predictions");
    Producer<String, byte[]> producer = broker.producer();
    PredictionLog log = PredictionLog.builder(producer).topic("predictions").sampleRate(1).build();
    int answered = 0;
    try (MonitoredModel model = MonitoredModel.builder("ranker")
        .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0f))
        .addInterceptor(log.interceptor())
        .build()) {
      for (int i = 0; i < 500; i++) {
        answered += answer(model, i);
      }
      long sentBeforeStop = awaitSent(log, 500);
      broker.close();
      long calls = 0;
      long start = System.nanoTime();
      while (System.nanoTime() - start < Duration.ofSeconds(3).toNanos()) { // keep calling while sends fail
        answered += answer(model, calls++);
      }
      log.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));

      assertThat(sentBeforeStop).isEqualTo(500);
      assertThat(answered).isEqualTo(500 + calls);
      assertThat(log.sent() + log.dropped() + log.failed()).isEqualTo(500 + calls);
      assertThat(log.sent()).isEqualTo(500);
      assertThat(log.dropped() + log.failed()).isEqualTo(calls).isPositive();
    }
  }

  private static int answer(MonitoredModel model, long i) {
    Prediction p = model.predict(Inputs.of("features", Tensor.ofFloats(new float[] {i, 1}, 1, 2)));
    return p.floatArray("score")[0] == i + 2 ? 1 : 0;
  }

  private static long awaitSent(PredictionLog log, long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (log.sent() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return log.sent();
  }
}
