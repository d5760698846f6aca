package dev.monitoredinference.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.embedding.Pooling;
import dev.monitoredinference.spring.boot.properties.EmbedderProperties;
import dev.monitoredinference.spring.boot.properties.ModelProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import dev.monitoredinference.validation.TextLengthPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/** The guide's application.yaml binds, every key of it: a reader can copy it as printed. */
class SpringBootGuideTest {
  @Test
  void guidesYaml_bindsWithNoUnknownKey() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "guide", "spring-boot.md"));
    int start = guide.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = guide.substring(start, guide.indexOf("```", start));
    Binder binder = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader()
        .load("guide", new ByteArrayResource(yaml.getBytes()))));

    MonitoredInferenceProperties properties = binder.bind(MonitoredInferenceProperties.PREFIX,
        Bindable.of(MonitoredInferenceProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
        .get();

    ModelProperties ranker = properties.getModels().get("ranker");
    assertThat(ranker.getFile()).isEqualTo(Path.of("/srv/models/ranker.onnx"));
    assertThat(ranker.getDeadline()).isEqualTo(Duration.ofMillis(50));
    assertThat(ranker.getAdmission().getMaxQueue()).isEqualTo(32);
    assertThat(ranker.getCircuitBreaker().getPermittedCallsInHalfOpenState()).isEqualTo(10);
    assertThat(ranker.getDrift().getColumns()).isEqualTo(List.of("price", "ctr_7d"));
    assertThat(ranker.getDevice()).isEqualTo(ModelProperties.DeviceChoice.CPU_ONLY);

    EmbedderProperties query = properties.getEmbedders().get("query-encoder");
    assertThat(query.getFile()).isEqualTo(Path.of("/srv/models/minilm.onnx"));
    assertThat(query.getTokenizer()).isEqualTo(Path.of("/srv/models/minilm-tokenizer.json"));
    assertThat(query.getPooling()).isEqualTo(Pooling.MEAN);
    assertThat(query.getTextLengthPolicy()).isEqualTo(TextLengthPolicy.REJECT);
    assertThat(query.getCache().getExpireAfterWrite()).isEqualTo(Duration.ofHours(6));
    assertThat(query.getBatching().getMaxQueue()).isEqualTo(512);
    assertThat(properties.getEndpoint().getAdmin().isEnabled()).isFalse();
  }
}
