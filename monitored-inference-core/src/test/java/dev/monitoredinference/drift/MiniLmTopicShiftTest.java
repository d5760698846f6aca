package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.health.HealthStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A topic shift in real MiniLM query embeddings (apparel queries, then electronics queries) is
 * flagged by the embedder's drift link; fresh queries of the baseline's topic are not.
 */
class MiniLmTopicShiftTest {
  private static final List<String> COLOURS = List.of("red", "black", "white", "blue", "green",
      "grey", "navy", "pink");
  private static final List<String> APPAREL = List.of("running shoes", "rain jacket", "wool socks",
      "denim jeans", "summer dress", "hiking boots", "cotton t-shirt", "leather belt",
      "winter coat", "yoga pants");
  private static final List<String> ELECTRONICS = List.of("wireless earbuds", "gaming laptop",
      "usb-c charger", "bluetooth speaker", "4k monitor", "mechanical keyboard", "smartphone case",
      "noise cancelling headphones", "smart watch", "external ssd");
  private static final List<String> AUDIENCE = List.of("for men", "for women", "for kids",
      "on sale", "cheap", "best rated", "size large", "with free shipping");

  @Test
  void electronicsQueries_afterAnApparelBaseline_drift_andMoreApparelQueriesDoNot()
      throws Exception {
    Random random = new Random(4);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TextEmbedder embedder = TextEmbedder.builder("minilm")
        .model(MonitoredModel.builder("minilm").modelBytes(resource("all-minilm-l6-v2-q.onnx")))
        .tokenizer(Tokenizers.huggingFace(resource("all-minilm-l6-v2-q-tokenizer.json")))
        .metrics(registry)
        .drift(DriftConfig.builder().embedding("embedding")
            .baseline(Baseline.capture(300)).windowSamples(100).subWindows(1).build())
        .build()) {
      embedder.embedAll(queries(random, APPAREL, 300));
      embedder.embedAll(queries(random, APPAREL, 100));
      embedder.drift().awaitIdle();
      FeatureDrift same = embedder.drift().report().feature("embedding").orElseThrow();
      HealthStatus before = embedder.health();
      embedder.embedAll(queries(random, ELECTRONICS, 100));
      embedder.drift().awaitIdle();
      FeatureDrift shifted = embedder.drift().report().feature("embedding").orElseThrow();

      assertThat(before.state()).isEqualTo(HealthState.UP);
      assertThat(embedder.health().state()).isEqualTo(HealthState.DEGRADED);
      assertThat(embedder.health().reasons()).containsExactly(
          "drift in version " + embedder.model().version().version()
              + ": embedding (1 of 1 features)");

      assertThat(same.windowSamples()).isEqualTo(100);
      assertThat(same.drifted()).isFalse();
      assertThat(shifted.drifted()).isTrue();
      assertThat(shifted.score(DriftMethod.DRIFTED_PROJECTIONS))
          .isGreaterThan(same.score(DriftMethod.DRIFTED_PROJECTIONS));
      assertThat(shifted.score(DriftMethod.CENTROID_COSINE))
          .isGreaterThan(2 * same.score(DriftMethod.CENTROID_COSINE));
      assertThat(registry.get("monitored.inference.drift.score")
          .tags("model", "minilm", "feature", "embedding", "method", "drifted_projections")
          .gauge().value()).isEqualTo(shifted.score(DriftMethod.DRIFTED_PROJECTIONS));
    }
    assertThat(registry.find("monitored.inference.drift.score").gauges()).isEmpty();
  }

  @Test
  void aTenthOfTrafficMovingToElectronics_isFlaggedByTheCentroidTest_andApparelAloneIsNot()
      throws Exception {
    Random random = new Random(10);
    try (TextEmbedder embedder = TextEmbedder.builder("minilm")
        .model(MonitoredModel.builder("minilm").modelBytes(resource("all-minilm-l6-v2-q.onnx")))
        .tokenizer(Tokenizers.huggingFace(resource("all-minilm-l6-v2-q-tokenizer.json")))
        .drift(DriftConfig.builder().embedding("embedding")
            .baseline(Baseline.capture(1_500)).windowSamples(1_500).subWindows(1).build())
        .build()) {
      embedder.embedAll(queries(random, APPAREL, 1_500));
      embedder.embedAll(queries(random, APPAREL, 1_500));
      embedder.drift().awaitIdle();
      FeatureDrift same = embedder.drift().report().feature("embedding").orElseThrow();
      List<String> mixed = queries(random, APPAREL, 1_350);
      mixed.addAll(queries(random, ELECTRONICS, 150));
      java.util.Collections.shuffle(mixed, random);
      embedder.embedAll(mixed);
      embedder.drift().awaitIdle();
      FeatureDrift shifted = embedder.drift().report().feature("embedding").orElseThrow();

      assertThat(same.drifted()).isFalse();
      assertThat(shifted.drifted()).isTrue();
      assertThat(shifted.decidedBy()).isEqualTo(DriftMethod.MEAN_SHIFT);
    }
  }

  private static List<String> queries(Random random, List<String> products, int count) {
    List<String> queries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      queries.add(COLOURS.get(random.nextInt(COLOURS.size())) + " "
          + products.get(random.nextInt(products.size())) + " "
          + AUDIENCE.get(random.nextInt(AUDIENCE.size())));
    }
    return queries;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MiniLmTopicShiftTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
