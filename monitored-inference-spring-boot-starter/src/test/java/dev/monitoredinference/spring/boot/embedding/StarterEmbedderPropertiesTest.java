package dev.monitoredinference.spring.boot.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.spring.boot.MiniLmFiles;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

/** A bad embedder property stops start-up with the library's reason and the property's name. */
class StarterEmbedderPropertiesTest {
  private static final String QUERY = "monitored-inference.embedders.query.";

  @TempDir static Path dir;
  private static MiniLmFiles minilm;

  @BeforeAll
  static void writeModel() {
    minilm = MiniLmFiles.writeTo(dir);
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "max-tokens | 1 | maxTokens must be >= 2, but was 1",
      "max-text-length | 0 | maxTextLength must be > 0, but was 0",
      "cache.max-size | 0 | maxEntries must be > 0, but was 0",
      "cache.expire-after-write | 0s | expireAfterWrite must be > 0, but was PT0S",
      "batching.max-batch | 0 | maxBatch must be > 0, but was 0",
      "batching.max-delay | -1ms | maxDelay must be >= 0, but was PT-0.001S",
      "batching.max-queue | 0 | maxQueue must be > 0, but was 0",
      "shutdown-timeout | -1s | must be >= 0",
  })
  void badValue_failsStartUp_withTheLibrarysReason(String property, String value, String reason) {
    String enable = property.contains(".")
        ? QUERY + property.substring(0, property.indexOf('.')) + ".enabled=true" : QUERY + "pin=latest";
    runner().withPropertyValues(QUERY + "file=" + minilm.model(),
        QUERY + "tokenizer=" + minilm.tokenizer(), enable, QUERY + property + "=" + value)
        .run(failsNaming(QUERY + property, reason));
  }

  @Test
  void unknownModelBean_failsStartUp_namingModel() {
    runner().withPropertyValues(QUERY + "model=nope", QUERY + "tokenizer=" + minilm.tokenizer())
        .run(failsNaming(QUERY + "model", "no MonitoredModel bean named 'nope'; model beans: []"));
  }

  @Test
  void modelNamingABeanOfAnotherType_failsStartUp_namingModel() {
    runner().withBean("notAModel", String.class, () -> "text")
        .withPropertyValues(QUERY + "model=notAModel", QUERY + "tokenizer=" + minilm.tokenizer())
        .run(failsNaming(QUERY + "model",
            "the bean 'notAModel' is a java.lang.String, not a MonitoredModel"));
  }

  @Test
  void noEncoder_failsStartUp_namingModel() {
    runner().withPropertyValues(QUERY + "tokenizer=" + minilm.tokenizer())
        .run(failsNaming(QUERY + "model",
            "the embedder needs an encoder: model (a model bean), or its own file or repository"));
  }

  @Test
  void modelAndFile_failsStartUp_namingModel() {
    runner().withPropertyValues("monitored-inference.models.minilm.file=" + minilm.model(),
        QUERY + "model=minilm", QUERY + "file=" + minilm.model(),
        QUERY + "tokenizer=" + minilm.tokenizer())
        .run(failsNaming(QUERY + "model",
            "give either model (a model bean) or file/repository (the embedder's own), not both"));
  }

  @Test
  void noTokenizer_failsStartUp_namingTokenizer() {
    runner().withPropertyValues(QUERY + "file=" + minilm.model())
        .run(failsNaming(QUERY + "tokenizer",
            "the embedder needs a tokenizer (a HuggingFace tokenizer.json)"));
  }

  @Test
  void missingTokenizerFile_failsStartUp_namingTokenizer() {
    runner().withPropertyValues(QUERY + "file=" + minilm.model(),
        QUERY + "tokenizer=" + dir.resolve("absent.json"))
        .run(failsNaming(QUERY + "tokenizer", "no such file"));
  }

  @Test
  void missingModelFile_failsStartUp_namingFile() {
    runner().withPropertyValues(QUERY + "file=" + dir.resolve("absent.onnx"),
        QUERY + "tokenizer=" + minilm.tokenizer())
        .run(failsNaming(QUERY + "file", "no such file"));
  }

  private static ContextConsumer<AssertableApplicationContext> failsNaming(String property,
      String reason) {
    return context -> {
      assertThat(context).hasFailed();
      Throwable cause = context.getStartupFailure();
      while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
        cause = cause.getCause();
      }
      assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
      InvalidConfigurationPropertyValueException failure =
          (InvalidConfigurationPropertyValueException) cause;
      assertThat(failure.getName()).isEqualTo(property);
      assertThat(failure.getReason()).isEqualTo(reason);
      assertThat(failure.getMessage()).startsWith("Property " + property + " with value ");
    };
  }
}
