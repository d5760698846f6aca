package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.CodedOutputStream;
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

  /** A serialized protobuf message, field by field. */
  private static byte[] proto(ProtoFields fields) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      fields.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private interface ProtoFields {
    void write(CodedOutputStream out) throws java.io.IOException;
  }

  /** A TensorProto named {@code name} whose data is in the external file {@code location}. */
  private static byte[] externalTensor(String name, String location) {
    return proto(out -> {
      out.writeInt64(1, 2);
      out.writeInt32(2, 1);
      out.writeString(8, name);
      out.writeByteArray(13, proto(entry -> {
        entry.writeString(1, "location");
        entry.writeString(2, location);
      }));
      out.writeEnum(14, 1);
    });
  }

  /** A model whose graph holds {@code graphField} = {@code payload}, besides a trivial Identity. */
  private static byte[] modelWith(int graphField, byte[] payload) {
    byte[] graph = proto(out -> {
      out.writeByteArray(1, proto(node -> {
        node.writeString(1, "x");
        node.writeString(2, "y");
        node.writeString(4, "Identity");
      }));
      out.writeString(2, "g");
      out.writeByteArray(graphField, payload);
    });
    return proto(out -> {
      out.writeInt64(1, 10);
      out.writeByteArray(7, graph);
      out.writeByteArray(8, proto(opset -> opset.writeInt64(2, 21)));
    });
  }

  static Stream<Arguments> hiddenExternalData() {
    byte[] constantNode = proto(node -> {
      node.writeString(2, "c");
      node.writeString(4, "Constant");
      node.writeByteArray(5, proto(attribute -> {
        attribute.writeString(1, "value");
        attribute.writeByteArray(5, externalTensor("c", "/etc/passwd"));
        attribute.writeEnum(20, 4);
      }));
    });
    byte[] sparse = proto(out -> out.writeByteArray(1, externalTensor("values", "../values.bin")));
    byte[] ifNode = proto(node -> {
      node.writeString(4, "If");
      node.writeByteArray(5, proto(attribute -> {
        attribute.writeString(1, "then_branch");
        attribute.writeByteArray(6, proto(sub -> sub.writeByteArray(5, externalTensor("w", "/root/w.bin"))));
      }));
    });
    // dims (field 1) as a length-delimited blob holding a tensor's external-data fields: protobuf
    // reads it as packed dims, and so does the pre-check, which finds them absurd.
    byte[] hiding = proto(out -> {
      out.writeString(8, "w");
      out.writeByteArray(1, externalTensor("hidden", "/etc/shadow"));
    });
    byte[] wrongWireType = proto(out -> {
      out.writeFixed64(8, 42); // name (a string) sent as fixed64
      out.writeByteArray(13, proto(entry -> {
        entry.writeString(1, "location");
        entry.writeString(2, "/etc/passwd");
      }));
    });
    return Stream.of(
        Arguments.of("constant attribute", modelWith(1, constantNode), "attribute tensor 'c' keeps its data in an external file '/etc/passwd'"),
        Arguments.of("sparse initializer", modelWith(15, sparse), "sparse initializer 'values' keeps its data in an external file '../values.bin'"),
        Arguments.of("subgraph initializer", modelWith(1, ifNode), "subgraph initializer 'w' keeps its data in an external file '/root/w.bin'"),
        Arguments.of("packed blob in dims", modelWith(5, hiding), "initializer 'w' declares absurd dimensions"),
        Arguments.of("string as fixed64", modelWith(5, wrongWireType), "field 8 has wire type 1, not 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hiddenExternalData")
  void externalDataAnywhereInTheModel_isRefused(String label, byte[] bytes, String message) {
    assertThatThrownBy(() -> ModelPreCheck.check("bad", bytes))
        .isInstanceOfSatisfying(ModelLoadException.class,
            e -> assertThat(e.outcome()).isEqualTo(LoadOutcome.INVALID_MODEL))
        .hasMessageContaining(message);
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
            LoadOutcome.INVALID_MODEL, "model 'bad' graph initializer 'w' declares absurd dimensions [1048576, 1048576]"),
        // ONNX Runtime reports the next four as ORT_FAIL or ORT_INVALID_ARGUMENT, like a failing host.
        Arguments.of("graph cycle", twoInputs()
                .node("Add", List.of("x", "b"), List.of("a"))
                .node("Relu", List.of("a"), List.of("b"))
                .node("Identity", List.of("a"), List.of("y")).toBytes(),
            LoadOutcome.INVALID_MODEL, "model 'bad' graph has a cycle: 3 nodes are on it or after it and"
                + " can never run, first node 'Add_0' (Add)"),
        Arguments.of("dangling input", twoInputs()
                .node("Add", List.of("x", "nowhere"), List.of("y")).toBytes(),
            LoadOutcome.INVALID_MODEL, "model 'bad' graph node 'Add_0' (Add) reads 'nowhere', which is no"
                + " graph input, initializer or node output"),
        Arguments.of("unsupported IR version", twoInputs().irVersion(ModelPreCheck.MAX_IR_VERSION + 1)
                .node("Identity", List.of("x"), List.of("y")).toBytes(),
            LoadOutcome.INVALID_MODEL, "model 'bad' declares ONNX IR version 14, but ONNX Runtime reads IR"
                + " versions up to 13"),
        Arguments.of("initializer size", twoInputs().initializer("w", new float[] {1f, 2f, 3f}, 2)
                .node("Add", List.of("x", "w"), List.of("y")).toBytes(),
            LoadOutcome.INVALID_MODEL, "model 'bad' graph initializer 'w' of dims [2] holds 12 bytes of raw"
                + " data, but 2 FLOAT elements take 8"));
  }

  /** Input {@code x} and output {@code y}, float {@code [batch, 2]}, and no nodes yet. */
  private static OnnxModelWriter twoInputs() {
    return OnnxModelWriter.graph("broken")
        .input("x", ElementType.FLOAT, TensorSpec.FREE, 2)
        .output("y", ElementType.FLOAT, TensorSpec.FREE, 2);
  }

  /** The pre-check's limit is ONNX Runtime's own: the newest version loads, the next does not. */
  @Test
  void maxIrVersion_isTheNewestOnnxRuntimeReads() throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] newest = twoInputs().irVersion(ModelPreCheck.MAX_IR_VERSION)
        .node("Identity", List.of("x"), List.of("y")).toBytes();
    byte[] next = twoInputs().irVersion(ModelPreCheck.MAX_IR_VERSION + 1)
        .node("Identity", List.of("x"), List.of("y")).toBytes();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(newest, options)) {
      assertThat(session.getInputNames()).containsExactly("x");
      assertThatThrownBy(() -> env.createSession(next, options))
          .isInstanceOfSatisfying(OrtException.class,
              e -> assertThat(e.getCode()).isEqualTo(OrtException.OrtErrorCode.ORT_FAIL))
          .hasMessageContaining("Unsupported model IR version: " + (ModelPreCheck.MAX_IR_VERSION + 1)
              + ", max supported IR version: " + ModelPreCheck.MAX_IR_VERSION);
    }
  }

  @Test
  void nodesOutOfOrder_andOmittedOptionalInputs_passThePreCheckAndLoad() {
    byte[] model = twoInputs()
        .initializer("max", new float[] {1f})
        .node("Identity", List.of("clipped"), List.of("y"))
        .node("Clip", List.of("x", "", "max"), List.of("clipped"))
        .toBytes();
    try (MonitoredModel clip = MonitoredModel.builder("clip").modelBytes(model).build()) {
      assertThat(clip.predict(Inputs.of("x", new float[][] {{-3f, 5f}})).floatArray("y"))
          .containsExactly(-3f, 1f);
    }
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

  /** A graph {@code y = Add(x, w)} whose initializer {@code w} has dims [2] and typed data. */
  private static byte[] addOfTypedInitializer(int dataType, ProtoFields data) {
    byte[] w = proto(out -> {
      out.writeInt64(1, 2);
      out.writeInt32(2, dataType);
      out.writeString(8, "w");
      data.write(out);
    });
    byte[] graph = proto(out -> {
      out.writeByteArray(1, proto(node -> {
        node.writeString(1, "x");
        node.writeString(1, "w");
        node.writeString(2, "y");
        node.writeString(4, "Add");
      }));
      out.writeByteArray(5, w);
      out.writeByteArray(11, proto(input -> input.writeString(1, "x")));
    });
    return proto(out -> out.writeByteArray(7, graph));
  }

  static Stream<Arguments> typedData() {
    ProtoFields twoFloats = out -> out.writeByteArray(4, floats(2));
    ProtoFields threeFloats = out -> {
      twoFloats.write(out);
      out.writeFloat(4, 1f);
    };
    ProtoFields twoLongs = out -> out.writeByteArray(7, proto(p -> {
      p.writeInt64NoTag(300);
      p.writeInt64NoTag(-1);
    }));
    ProtoFields threeLongs = out -> {
      twoLongs.write(out);
      out.writeInt64(7, 5);
    };
    return Stream.of(
        Arguments.of("2 packed floats", 1, twoFloats, null),
        Arguments.of("2 packed and 1 unpacked float", 1, threeFloats,
            "graph initializer 'w' of dims [2] holds 3 values, but 2 FLOAT elements take 2"),
        Arguments.of("2 packed int64 varints", 7, twoLongs, null),
        Arguments.of("3 int64 varints", 7, threeLongs,
            "graph initializer 'w' of dims [2] holds 3 values, but 2 INT64 elements take 2"),
        Arguments.of("2 complex64 as 4 packed floats", 14, (ProtoFields) out -> out.writeByteArray(4, floats(4)), null));
  }

  private static byte[] floats(int count) {
    return proto(packed -> {
      for (int i = 0; i < count; i++) {
        packed.writeFloatNoTag(i);
      }
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedData")
  void typedData_isMeasuredAgainstItsDims(String label, int dataType, ProtoFields data, String refusal) {
    byte[] model = addOfTypedInitializer(dataType, data);
    if (refusal == null) {
      assertThatCode(() -> ModelPreCheck.check("bad", model)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> ModelPreCheck.check("bad", model))
          .isInstanceOfSatisfying(ModelLoadException.class,
              e -> assertThat(e.outcome()).isEqualTo(LoadOutcome.INVALID_MODEL))
          .hasMessage("model 'bad' " + refusal);
    }
  }

  @Test
  void wellFormedModels_passThePreCheck() {
    for (ElementType type : ElementType.values()) {
      assertThatCode(() -> ModelPreCheck.check("identity", TestModels.identity(type, TensorSpec.FREE, 3)))
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> ModelPreCheck.check("mlp", TestModels.mlpRanker(512, 2048, 1).toBytes(1)))
        .doesNotThrowAnyException();
    for (byte[] model : List.of(TestModels.argMaxOverBatch(3), TestModels.maxOverBatch(3),
        TestModels.tokenEncoder(new float[] {1, 2}, 2), TestModels.matMulChain(4, 3))) {
      assertThatCode(() -> ModelPreCheck.check("model", model)).doesNotThrowAnyException();
    }
  }
}
