package dev.monitoredinference.spring.boot.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.embedding.Pooling;
import dev.monitoredinference.embedding.TextEmbedder;
import dev.monitoredinference.embedding.Tokenizers;
import dev.monitoredinference.spring.boot.MiniLmFiles;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import dev.monitoredinference.spring.boot.TextEmbedderCustomizer;
import dev.monitoredinference.spring.boot.actuate.MonitoredInferenceHealthAutoConfiguration;
import dev.monitoredinference.spring.boot.observation.MonitoredInferenceObservationAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code monitored-inference.embedders.<name>} becomes a TextEmbedder bean over the real MiniLM. */
class StarterEmbedderTest {
  private static final String QUERY = "monitored-inference.embedders.query.";

  @TempDir static Path dir;
  private static MiniLmFiles minilm;

  @BeforeAll
  static void writeModel() {
    minilm = MiniLmFiles.writeTo(dir);
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class))
        .withPropertyValues(QUERY + "tokenizer=" + minilm.tokenizer());
  }

  @Test
  void ownEncoder_embedsExactlyLikeAHandBuiltEmbedder() {
    float[] expected;
    try (TextEmbedder byHand = TextEmbedder.builder("by-hand")
        .model(MonitoredModel.builder("by-hand-encoder").modelFile(minilm.model()))
        .tokenizer(Tokenizers.huggingFace(minilm.tokenizer())).build()) {
      expected = byHand.embed("shoes");
    }
    runner().withPropertyValues(QUERY + "file=" + minilm.model()).run(context -> {
      float[] vector = context.getBean("query", TextEmbedder.class).embed("shoes");
      assertThat(vector).hasSize(MiniLmFiles.DIMENSIONS).containsExactly(expected);
      assertThat(norm(vector)).isCloseTo(1.0, offset(1e-5));
    });
  }

  @Test
  void ownEncoder_isNamedAfterTheEmbedder_andClosedWithTheContext() {
    AtomicReference<TextEmbedder> query = new AtomicReference<>();
    runner().withPropertyValues(QUERY + "file=" + minilm.model()).run(context -> {
      query.set(context.getBean("query", TextEmbedder.class));
      assertThat(query.get().model().name()).isEqualTo("query-encoder");
      assertThat(context.getBeansOfType(MonitoredModel.class)).isEmpty();
    });
    assertThat(query.get().isClosed()).isTrue();
    assertThat(query.get().model().isClosed()).isTrue();
  }

  @Test
  void modelBean_isSharedAsTheEncoder_andClosedAfterTheEmbedder() {
    AtomicReference<TextEmbedder> query = new AtomicReference<>();
    runner().withPropertyValues("monitored-inference.models.minilm.file=" + minilm.model(),
        QUERY + "model=minilm").run(context -> {
          query.set(context.getBean("query", TextEmbedder.class));
          assertThat(query.get().model()).isSameAs(context.getBean("minilm", MonitoredModel.class));
          assertThat(query.get().embed("shoes")).hasSize(MiniLmFiles.DIMENSIONS);
        });
    assertThat(query.get().isClosed()).isTrue();
    assertThat(query.get().model().isClosed()).isTrue();
  }

  @Test
  void cache_servesTheSecondCallOfATextFromMemory() {
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(QUERY + "file=" + minilm.model(), QUERY + "cache.enabled=true",
            QUERY + "cache.max-size=100", QUERY + "cache.expire-after-write=1h")
        .run(context -> {
          TextEmbedder query = context.getBean("query", TextEmbedder.class);
          assertThat(query.embed("shoes")).containsExactly(query.embed("shoes"));
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("cache.gets").tag("cache", "query.embeddings")
              .tag("result", "hit").functionCounter().count()).isEqualTo(1.0);
        });
  }

  @Test
  void batching_runsCallsThroughTheMicroBatcher() {
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(QUERY + "file=" + minilm.model(), QUERY + "batching.enabled=true",
            QUERY + "batching.max-batch=8", QUERY + "batching.max-delay=0ms")
        .run(context -> {
          context.getBean("query", TextEmbedder.class).embed("shoes");
          assertThat(context.getBean(MeterRegistry.class).get("monitored.inference.batch.size")
              .tag("model", "query").summary().count()).isEqualTo(1);
        });
  }

  @Test
  void withoutBatching_noCallGoesThroughTheMicroBatcher() {
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(QUERY + "file=" + minilm.model())
        .run(context -> {
          context.getBean("query", TextEmbedder.class).embed("shoes");
          assertThat(context.getBean(MeterRegistry.class).find("monitored.inference.batch.size")
              .tag("model", "query").summary()).satisfiesAnyOf(
                  summary -> assertThat(summary).isNull(),
                  summary -> assertThat(summary.count()).isZero());
        });
  }

  @Test
  void poolingAndNormalisation_reachTheEmbedder() {
    float[] expected;
    try (TextEmbedder byHand = TextEmbedder.builder("by-hand")
        .model(MonitoredModel.builder("by-hand-encoder").modelFile(minilm.model()))
        .tokenizer(Tokenizers.huggingFace(minilm.tokenizer()))
        .pooling(Pooling.CLS).normalize(false).build()) {
      expected = byHand.embed("shoes");
    }
    runner().withPropertyValues(QUERY + "file=" + minilm.model(), QUERY + "pooling=cls",
        QUERY + "normalize=false").run(context -> {
          float[] vector = context.getBean("query", TextEmbedder.class).embed("shoes");
          assertThat(vector).containsExactly(expected);
          assertThat(norm(vector)).isNotCloseTo(1.0, offset(0.01));
        });
  }

  @Test
  void health_hasAnIndicatorForTheEmbedder_withTheEncodersVersion() {
    runner().withConfiguration(
            AutoConfigurations.of(MonitoredInferenceHealthAutoConfiguration.class))
        .withPropertyValues(QUERY + "file=" + minilm.model()).run(context -> {
          CompositeHealthContributor health = context.getBean(
              "monitoredInferenceHealthContributor", CompositeHealthContributor.class);
          assertThat(health.stream().map(entry -> entry.name())).containsExactly("query");
          Health query = ((HealthIndicator) health.getContributor("query")).health();
          assertThat(query.getStatus()).isEqualTo(Status.UP);
          assertThat(query.getDetails())
              .isEqualTo(Map.of("state", "UP", "version", "unversioned", "provider", "cpu"));
        });
  }

  @Test
  void embedding_isAnObservation_aroundItsEncodersObservation() {
    List<String> stopped = new CopyOnWriteArrayList<>();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context.getContextualName() + " "
            + context.getLowCardinalityKeyValue("error.type").getValue());
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    runner().withConfiguration(
            AutoConfigurations.of(MonitoredInferenceObservationAutoConfiguration.class))
        .withBean(ObservationRegistry.class, () -> registry)
        .withPropertyValues(QUERY + "file=" + minilm.model()).run(context -> {
          context.getBean("query", TextEmbedder.class).embed("shoes");
          assertThat(stopped).containsExactly("predict query-encoder none", "embeddings query none");
        });
  }

  @Test
  void aTextEmbedderCustomizer_changesTheEmbedder() {
    runner().withBean(TextEmbedderCustomizer.class, () -> (name, builder) -> builder.maxTokens(2))
        .withPropertyValues(QUERY + "file=" + minilm.model()).run(context -> {
          TextEmbedder query = context.getBean("query", TextEmbedder.class);
          // Two tokens are [CLS] and [SEP] only: every text embeds alike.
          assertThat(query.embed("shoes")).containsExactly(query.embed("a long sentence about boots"));
        });
  }

  @Test
  void aBeanOfTheApplicationWithTheEmbeddersName_wins() {
    try (TextEmbedder mine = TextEmbedder.builder("mine")
        .model(MonitoredModel.builder("mine-encoder").modelFile(minilm.model()))
        .tokenizer(Tokenizers.huggingFace(minilm.tokenizer())).build()) {
      runner().withBean("query", TextEmbedder.class, () -> mine)
          .withPropertyValues(QUERY + "file=" + minilm.model())
          .run(context -> assertThat(context.getBean("query")).isSameAs(mine));
    }
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }
}
