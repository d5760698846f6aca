package dev.monitoredinference.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Poll;
import dev.monitoredinference.abuse.AbuseConfig;
import dev.monitoredinference.abuse.AbuseEvent;
import dev.monitoredinference.abuse.AbuseKind;
import dev.monitoredinference.abuse.CallerRefusedException;
import dev.monitoredinference.abuse.Enforcement;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Abuse detection on a real (tiny) ONNX embedder: each text one query of its caller. */
class EmbedderAbuseTest {
  private static final CallerId SCRAPER = CallerId.of("scraper-key");
  private static final CallerId SHOPPER = CallerId.of("shopper-key");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AbuseEvent> events = new CopyOnWriteArrayList<>();
  private TextEmbedder embedder;

  @AfterEach
  void close() {
    embedder.close();
  }

  private TextEmbedder build(AbuseConfig config) {
    embedder = TextEmbedder.builder("words")
        .model(MonitoredModel.builder("words").modelBytes(TestModels.tokenEncoder(WordTokenizer.table(0f), 4)))
        .tokenizer(new WordTokenizer()).metrics(registry)
        .abuse(config).abuseListener(events::add).build();
    return embedder;
  }

  @Test
  void syntheticQueries_areFlaggedAsExtraction_whileRepeatedOnesAreNot() {
    build(AbuseConfig.ofDefaults());
    Random random = new Random(7);
    for (int i = 0; i < 64; i++) {
      embedder.embed("w" + random.nextInt(1_000_000) + " q" + random.nextInt(1_000_000), SCRAPER);
      embedder.embed(i % 3 == 0 ? "red running shoes" : "blue hat", SHOPPER);
    }
    Poll.until(() -> embedder.abuse().isFlagged(SCRAPER, AbuseKind.SUSPECTED_EXTRACTION));
    Poll.until(() -> events.size() == 1);
    assertThat(events.get(0).caller()).isEqualTo(SCRAPER);
    assertThat(events.get(0).observed()).isEqualTo(1.0);
    assertThat(embedder.abuse().flags(SHOPPER)).isEmpty();
    assertThat(registry.get("monitored.inference.abuse.detections")
        .tags("model", "words", "kind", "suspected_extraction").counter().count()).isEqualTo(1);
  }

  @Test
  void aFlaggedCaller_isRefused_andTheRestServed() {
    build(AbuseConfig.ofDefaults().flooding(3, Duration.ofMinutes(1)).enforcement(Enforcement.REFUSE));
    for (int i = 0; i < 3; i++) {
      embedder.embed("red shoes", SCRAPER);
    }
    assertThatThrownBy(() -> embedder.embed("red shoes", SCRAPER))
        .isInstanceOfSatisfying(CallerRefusedException.class,
            e -> assertThat(e.kind()).isEqualTo(AbuseKind.FLOODING));
    assertThat(embedder.embed("red shoes", SHOPPER)).hasSize(4);
    assertThat(embedder.embed("red shoes")).hasSize(4);
    assertThat(registry.get("monitored.inference.rejections")
        .tags("model", "words", "reason", "abuse_refused").counter().count()).isEqualTo(1);
  }
}
