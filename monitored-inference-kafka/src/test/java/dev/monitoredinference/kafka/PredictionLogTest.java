package dev.monitoredinference.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prediction records through a real in-process Kafka: fields, redaction, sampling, loss. */
class PredictionLogTest {
  private static final byte[] KEY = "a key of sixteen+".getBytes(StandardCharsets.UTF_8);
  private static Broker broker;
  private static Producer<String, byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    broker = Broker.start("shapes", "values", "hashed", "sampled", "batched", "large");
    producer = broker.producer();
  }

  @AfterAll
  static void stop() throws Exception {
    producer.close();
    broker.close();
  }

  private static MonitoredModel ranker(PredictionLog log) {
    return MonitoredModel.builder("ranker")
        .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0.5f))
        .addInterceptor(log.interceptor())
        .build();
  }

  private static Inputs row(float a, float b) {
    return Inputs.of("features", Tensor.ofFloats(new float[] {a, b}, 1, 2));
  }

  @Test
  void everyCall_atRate1_isOneRecord_withModelVersionOutcomeAndShapes_butNoValuesByDefault() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PredictionLog log = PredictionLog.builder(producer).topic("shapes").sampleRate(1).replica("pod-a")
        .metrics(registry).build();
    try (MonitoredModel model = ranker(log)) {
      long before = System.currentTimeMillis();
      for (int i = 0; i < 20; i++) {
        model.predict(row(i, 1));
      }
      assertThatThrownBy(() -> model.predict(row(Float.NaN, 1))).isInstanceOf(InvalidInputException.class);
      long after = System.currentTimeMillis();
      assertThat(log.close(Duration.ofSeconds(10))).isTrue();

      List<ConsumerRecord<String, byte[]>> records = broker.read("shapes", 21);
      assertThat(records).hasSize(21);
      assertThat(log.sent()).isEqualTo(21);
      assertThat(log.dropped() + log.failed()).isZero();
      assertThat(registry.get("monitored.inference.shipped.records").tags("topic", "shapes", "outcome", "sent")
          .functionCounter().count()).isEqualTo(21);
      Map<String, Object> first = parse(records.get(0).value());
      assertThat(records.get(0).key()).isEqualTo("ranker");
      assertThat(first).containsEntry("model", "ranker").containsEntry("version", "1")
          .containsEntry("operation", "predict").containsEntry("replica", "pod-a")
          .containsEntry("outcome", "none").containsEntry("provider", "cpu")
          .containsEntry("inputs.0.name", "features").containsEntry("inputs.0.type", "float")
          .containsEntry("inputs.0.shape", List.of(1L, 2L))
          .containsEntry("outputs.0.name", "score").containsEntry("outputs.0.shape", List.of(1L, 1L));
      assertThat(first).doesNotContainKey("inputs.0.values").doesNotContainKey("inputs.0.hash");
      assertThat((Double) first.get("latency_ms")).isPositive();
      for (ConsumerRecord<String, byte[]> record : records) { // the call's end, within the ms
        assertThat((Long) parse(record.value()).get("timestamp_ms")).isBetween(before - 1, after)
            .isEqualTo(record.timestamp());
      }
      assertThat(parse(records.get(20).value())).containsEntry("outcome", "invalid_input")
          .doesNotContainKey("outputs.0.name");
    }
  }

  /** A call sampled before close() that ends after the shipper stopped is counted, not lost. */
  @Test
  void aCallThatEndsAfterClose_isCountedAsDropped() throws Exception {
    PredictionLog log = PredictionLog.builder(producer).topic("shapes").sampleRate(1).build();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (MonitoredModel model = MonitoredModel.builder("ranker")
        .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0.5f))
        .addInterceptor(log.interceptor())
        .addInterceptor(chain -> {
          inside.countDown();
          await(release);
          return chain.proceed(chain.inputs());
        })
        .build()) {
      Thread call = new Thread(() -> model.predict(row(1, 1)));
      call.start();
      inside.await();

      assertThat(log.close(Duration.ofSeconds(5))).isTrue(); // nothing buffered yet
      release.countDown();
      call.join();

      assertThat(log.dropped()).isEqualTo(1);
      assertThat(log.sent() + log.failed()).isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void numericValues_shipsInputsAndOutputs_hashed_shipsEqualHashesForEqualInputsOnly() throws Exception {
    PredictionLog values = PredictionLog.builder(producer).topic("values").sampleRate(1)
        .redaction(Redaction.numericValues()).build();
    try (MonitoredModel model = ranker(values)) {
      model.predict(row(3, 4));
      values.close(Duration.ofSeconds(10));
    }
    Map<String, Object> record = parse(broker.read("values", 1).get(0).value());
    assertThat(record).containsEntry("inputs.0.values", List.of(3.0, 4.0))
        .containsEntry("outputs.0.values", List.of(11.5));

    PredictionLog hashed = PredictionLog.builder(producer).topic("hashed").sampleRate(1)
        .redaction(Redaction.hashed(KEY)).build();
    try (MonitoredModel model = ranker(hashed)) {
      model.predict(row(3, 4));
      model.predict(row(3, 4));
      model.predict(row(4, 3));
      hashed.close(Duration.ofSeconds(10));
    }
    List<Map<String, Object>> records = new ArrayList<>();
    broker.read("hashed", 3).forEach(r -> records.add(parse(r.value())));
    assertThat(records).hasSize(3);
    Object hash = records.get(0).get("inputs.0.hash");
    assertThat((String) hash).hasSize(32).matches("[0-9a-f]+");
    assertThat(records.get(1).get("inputs.0.hash")).isEqualTo(hash);
    assertThat(records.get(2).get("inputs.0.hash")).isNotEqualTo(hash);
    assertThat(records.get(0)).doesNotContainKey("inputs.0.values");
    assertThatThrownBy(() -> Redaction.hashed(new byte[8])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the hash key must have at least 16 bytes, but had 8");
  }

  @Test
  void aSampleRate_shipsAboutThatShare_andAccountsForEverySampledCall() throws Exception {
    PredictionLog log = PredictionLog.builder(producer).topic("sampled").sampleRate(0.1).build();
    try (MonitoredModel model = ranker(log)) {
      for (int i = 0; i < 2_000; i++) {
        model.predict(row(i, 0));
      }
      log.close(Duration.ofSeconds(10));
    }
    // Binomial(2000, 0.1): mean 200, sd 13.4; 5 sd either side.
    assertThat(log.sent()).isBetween(133L, 267L);
    assertThat(broker.read("sampled", (int) log.sent())).hasSize((int) log.sent());
  }

  @Test
  void recordsPerMessage_shipsLinesOfJson_upToThatManyPerMessage_countingRecordsNotMessages() throws Exception {
    PredictionLog log = PredictionLog.builder(producer).topic("batched").sampleRate(1)
        .recordsPerMessage(10).build();
    try (MonitoredModel model = ranker(log)) {
      for (int i = 0; i < 25; i++) {
        model.predict(row(i, 0));
      }
      log.close(Duration.ofSeconds(10));
    }
    assertThat(log.sent()).isEqualTo(25);
    int lines = 0;
    List<ConsumerRecord<String, byte[]>> messages = readUntilLines("batched", 25);
    assertThat(messages).hasSizeBetween(3, 25);
    for (ConsumerRecord<String, byte[]> message : messages) {
      assertThat(message.key()).isEqualTo("ranker");
      String[] records = new String(message.value(), StandardCharsets.UTF_8).split("\n", -1);
      assertThat(records.length).isBetween(1, 10);
      for (String record : records) {
        assertThat(parse(record.getBytes(StandardCharsets.UTF_8))).containsEntry("model", "ranker")
            .containsEntry("outcome", "none").containsEntry("inputs.0.shape", List.of(1L, 2L));
        lines++;
      }
    }
    assertThat(lines).isEqualTo(25);
    assertThatThrownBy(() -> PredictionLog.builder(producer).recordsPerMessage(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recordsPerMessage must be >= 1, but was 0");
  }

  @Test
  void batchedRecordsWithLargeValues_goInMessagesOfAtMost256KCharacters_nothingRefusedByKafka() throws Exception {
    int features = 2_000; // a record with its values is ≈ 20 KB
    PredictionLog log = PredictionLog.builder(producer).topic("large").sampleRate(1)
        .recordsPerMessage(1_000).redaction(Redaction.numericValues()).build();
    float[] row = new float[features];
    java.util.Arrays.fill(row, 0.123456f);
    try (MonitoredModel model = MonitoredModel.builder("wide")
        .modelBytes(TestModels.linearScorer(row, 0f)).addInterceptor(log.interceptor()).build()) {
      for (int i = 0; i < 100; i++) {
        model.predict(Inputs.of("features", Tensor.ofFloats(row.clone(), 1, features)));
      }
      log.close(Duration.ofSeconds(20));
    }
    assertThat(log.failed()).isZero();
    assertThat(log.sent()).isEqualTo(100);
    List<ConsumerRecord<String, byte[]>> messages = readUntilLines("large", 100);
    int recordBytes = messages.get(0).value().length
        / new String(messages.get(0).value(), StandardCharsets.UTF_8).split("\n", -1).length;
    assertThat(messages).allSatisfy(message ->
        assertThat(message.value().length).isLessThan(PredictionLog.MESSAGE_CHARS + 2 * recordBytes));
  }

  /** Messages of {@code topic} until they hold {@code lines} lines in all. */
  private static List<ConsumerRecord<String, byte[]>> readUntilLines(String topic, int lines) {
    return broker.read(topic, messages -> messages.stream()
        .mapToInt(m -> new String(m.value(), StandardCharsets.UTF_8).split("\n", -1).length)
        .sum() >= lines);
  }

  /** The JSON as a flat map: nested objects and arrays of objects by dotted path. */
  static Map<String, Object> parse(byte[] json) {
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      Map<String, Object> flat = new LinkedHashMap<>();
      parser.nextToken();
      object(parser, "", flat);
      return flat;
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  private static void object(JsonParser parser, String prefix, Map<String, Object> flat) throws java.io.IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = prefix + parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT) {
        object(parser, name + ".", flat);
      } else if (value == JsonToken.START_ARRAY) {
        List<Object> scalars = new ArrayList<>();
        int index = 0;
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
          if (item == JsonToken.START_OBJECT) {
            object(parser, name + "." + index++ + ".", flat);
          } else {
            scalars.add(scalar(parser, item));
          }
        }
        if (index == 0) {
          flat.put(name, scalars);
        }
      } else {
        flat.put(name, scalar(parser, value));
      }
    }
  }

  private static Object scalar(JsonParser parser, JsonToken token) throws java.io.IOException {
    return switch (token) {
      case VALUE_NUMBER_INT -> parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
      case VALUE_NULL -> "null";
      default -> parser.getText();
    };
  }
}
