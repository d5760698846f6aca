package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.testing.OnnxModelWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Texts ONNX Runtime's Java API would hand to the graph as invalid UTF-8, on a real session whose
 * StringNormalizer refuses such bytes: refused before any native tensor exists, never counted
 * against the model.
 */
class TextTransferTest {
  /** {@code normalized = StringNormalizer(text)}: without attributes, the text unchanged. */
  private static final byte[] NORMALIZER = OnnxModelWriter.graph("normalizer")
      .modelVersion(1)
      .input("text", ElementType.STRING, TensorSpec.FREE)
      .output("normalized", ElementType.STRING, TensorSpec.FREE)
      .node("StringNormalizer", List.of("text"), List.of("normalized"))
      .toBytes();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static Inputs texts(String... texts) {
    return Inputs.of("text", Tensor.ofStrings(texts, texts.length));
  }

  static Stream<Arguments> untransferable() {
    return Stream.of(
        Arguments.of("emoji", "smile \uD83D\uDE00", "U+1F600 at char 6"),
        Arguments.of("NUL", "a\u0000b", "U+0000 at char 1"),
        Arguments.of("lone surrogate", "x\uD800", "U+D800 at char 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untransferable")
  void predict_textTheJavaApiCannotPassAsUtf8_isRejectedBeforeTheRuntime_andNeverOpensTheBreaker(
      String label, String text, String first) {
    CircuitBreakerConfig breaker = CircuitBreakerConfig.ofDefaults()
        .slidingWindowSize(10).minimumNumberOfCalls(10).waitDurationInOpenState(Duration.ofHours(1));
    try (MonitoredModel model = MonitoredModel.builder("normalizer").modelBytes(NORMALIZER)
        .circuitBreaker(breaker).metrics(registry).build()) {
      for (int call = 0; call < 100; call++) {
        assertThatThrownBy(() -> model.predict(texts("fine", text)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("invalid input for model 'normalizer' version 1:\n  input 'text' breaks rule"
                + " range: 1 of 2 texts hold a character ONNX Runtime's Java API cannot pass as UTF-8"
                + " (NUL, beyond U+FFFF, or a lone surrogate); the first is " + first + " of text 1");
      }

      assertThat(registry.get("monitored.inference.rejections")
          .tags("model", "normalizer", "reason", "range").counter().count()).isEqualTo(100);
      assertThat(registry.get("monitored.inference.circuit.state").tag("model", "normalizer").gauge().value())
          .isZero(); // CLOSED
      assertThat(model.health()).isEqualTo(HealthStatus.up());
      assertThat(model.liveNativeObjects()).isEqualTo(1); // the session alone
    }
  }

  @Test
  void predict_textWithinTheBasicPlane_passesIntact() {
    try (MonitoredModel model = MonitoredModel.builder("normalizer").modelBytes(NORMALIZER).build()) {
      assertThat(model.predict(texts("İstanbul ß", "naïve café")).output("normalized").stringArray())
          .containsExactly("İstanbul ß", "naïve café");
    }
  }

  /** Why they are refused: what ONNX Runtime itself does with them. */
  @Test
  void onnxRuntimesJavaApi_passesAnEmojiAsInvalidUtf8() throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(NORMALIZER, options);
        OnnxTensor text = OnnxTensor.createTensor(env, new String[] {"\uD83D\uDE00"}, new long[] {1})) {
      assertThatThrownBy(() -> session.run(Map.of("text", text)))
          .isInstanceOfSatisfying(OrtException.class,
              e -> assertThat(e.getCode()).isEqualTo(OrtException.OrtErrorCode.ORT_FAIL))
          .hasMessageEndingWith("Input strings must be valid UTF-8");
    }
  }
}
