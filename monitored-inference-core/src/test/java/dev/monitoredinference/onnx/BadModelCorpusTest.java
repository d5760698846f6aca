package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.testing.OnnxModelWriter;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad model files, each refused with a typed error before or by ONNX Runtime, counted in {@code
 * model.loads}, while a model that was already serving keeps serving.
 */
class BadModelCorpusTest {
  private static final byte[] GOOD = TestModels.linearScorer(new float[] {1f, 2f}, 0.5f);
  private static MonitoredModel serving;

  @BeforeAll
  static void startServing() {
    serving = MonitoredModel.builder("serving").modelBytes(GOOD).build();
  }

  @AfterAll
  static void stopServing() {
    serving.close();
  }

  private static byte[] external(String location) {
    return OnnxModelWriter.graph("external")
        .input("x", ElementType.FLOAT, TensorSpec.FREE, 2)
        .output("y", ElementType.FLOAT, TensorSpec.FREE, 1)
        .externalInitializer("w", location, 2, 1)
        .node("MatMul", List.of("x", "w"), List.of("y"))
        .toBytes();
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        Arguments.of("truncated", Arrays.copyOf(GOOD, GOOD.length - 7), LoadOutcome.INVALID_MODEL,
            "model 'bad' is not a well-formed ONNX file (truncated or corrupt): "),
        Arguments.of("half", Arrays.copyOf(GOOD, GOOD.length / 2), LoadOutcome.INVALID_MODEL,
            "model 'bad' is not a well-formed ONNX file"),
        Arguments.of("not onnx", "<html>not a model</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            LoadOutcome.INVALID_MODEL, "model 'bad' is not a well-formed ONNX file (truncated or corrupt): "),
        Arguments.of("absolute path", external("/etc/passwd"), LoadOutcome.INVALID_MODEL,
            "model 'bad' graph initializer 'w' keeps its data in an external file '/etc/passwd', a path that leaves the model's directory; external data is not supported"),
        Arguments.of("dot-dot", external("../../secrets/weights.bin"), LoadOutcome.INVALID_MODEL,
            "'../../secrets/weights.bin', a path that leaves the model's directory"),
        Arguments.of("inner dot-dot", external("data/../../../x.bin"), LoadOutcome.INVALID_MODEL,
            "'data/../../../x.bin', a path that leaves the model's directory"),
        Arguments.of("windows absolute", external("C:\\Windows\\win.ini"), LoadOutcome.INVALID_MODEL,
            "a path that leaves the model's directory"),
        Arguments.of("sibling file", external("weights.bin"), LoadOutcome.INVALID_MODEL,
            "keeps its data in an external file 'weights.bin'; external data is not supported"),
        Arguments.of("absurd input dims", OnnxModelWriter.graph("absurd")
                .input("x", ElementType.FLOAT, 1L << 40, 2).output("y", ElementType.FLOAT, 1L << 40, 2)
                .node("Identity", List.of("x"), List.of("y")).toBytes(),
            LoadOutcome.INVALID_MODEL, "model 'bad' graph value 'x' declares absurd dimensions [1099511627776, 2]"),
        Arguments.of("absurd initializer dims", OnnxModelWriter.graph("absurd")
                .input("x", ElementType.FLOAT, 1, 2).output("y", ElementType.FLOAT, 1, 2)
                .initializer("w", new float[] {1f}, 1L << 20, 1L << 20)
                .node("Add", List.of("x", "w"), List.of("y")).toBytes(),
            LoadOutcome.INVALID_MODEL, "model 'bad' graph initializer 'w' declares absurd dimensions [1048576, 1048576]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badModel_isRefusedWithATypedError_andServingGoesOn(
      String label, byte[] bytes, LoadOutcome outcome, String message) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertThatThrownBy(() -> MonitoredModel.builder("bad").modelBytes(bytes).metrics(registry).build())
        .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.outcome()).isEqualTo(outcome))
        .hasMessageContaining(message);
    assertThat(registry.get("monitored.inference.model.loads").tags("model", "bad", "outcome", outcome.tagValue())
        .counter().count()).isEqualTo(1);
    assertThat(serving.predict(Inputs.of("features", new float[][] {{1, 1}})).floatArray("score")[0])
        .isCloseTo(3.5f, within(1e-6f));
  }

  @Test
  void aFlippedByte_withAPinnedDigest_isRefusedBeforeTheRuntimeSeesIt() {
    byte[] flipped = GOOD.clone();
    flipped[flipped.length - 20] ^= 0x01; // inside the weights: still a loadable model
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String pinned = Digests.sha256(GOOD);
    assertThatThrownBy(() -> MonitoredModel.builder("pinned").modelBytes(flipped).expectDigest(pinned)
            .metrics(registry).build())
        .isInstanceOfSatisfying(ModelIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(pinned);
          assertThat(e.actual()).isEqualTo(Digests.sha256(flipped));
          assertThat(e.outcome()).isEqualTo(LoadOutcome.DIGEST_MISMATCH);
        })
        .hasMessage("model 'pinned' from " + flipped.length + " bytes in memory has digest "
            + Digests.sha256(flipped) + ", but " + pinned + " was expected; refusing to load it");
    assertThat(registry.get("monitored.inference.model.loads").tag("outcome", "digest_mismatch").counter().count())
        .isEqualTo(1);
    try (MonitoredModel model = MonitoredModel.builder("pinned").modelBytes(GOOD).expectDigest(pinned)
        .metrics(registry).build()) {
      assertThat(model.version().digest()).isEqualTo(pinned);
      assertThat(registry.get("monitored.inference.model.loads").tag("outcome", "success").counter().count())
          .isEqualTo(1);
    }
    assertThatThrownBy(() -> MonitoredModel.builder("pinned").expectDigest("sha256:ABC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("digest must be \"sha256:\" and 64 lower-case hex digits, but was 'sha256:ABC'");
  }

  @Test
  void wellFormedModels_passThePreCheck() {
    for (ElementType type : ElementType.values()) {
      assertThatCode(() -> ModelPreCheck.check("identity", TestModels.identity(type, TensorSpec.FREE, 3)))
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> ModelPreCheck.check("mlp", TestModels.mlpRanker(512, 2048, 1).toBytes(1)))
        .doesNotThrowAnyException();
  }
}
