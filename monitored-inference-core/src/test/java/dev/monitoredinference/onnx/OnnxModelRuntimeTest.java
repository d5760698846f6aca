package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtException;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelSource;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.testing.OnnxModelWriter;
import dev.monitoredinference.testing.TestModels;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MonitoredModel over real ONNX Runtime sessions of models written by {@link TestModels}. */
class OnnxModelRuntimeTest {
  private static final byte[] LINEAR = TestModels.linearScorer(new float[] {0.5f, -1f, 2f, 0.25f}, 0.1f);

  private static MonitoredModel linear() {
    return MonitoredModel.builder("linear").modelBytes(LINEAR).build();
  }

  @Test
  void linearScorer_scoresEqualHandComputedValues() {
    try (MonitoredModel model = linear()) {
      Prediction p = model.predict(Inputs.of("features", new float[][] {{1, 2, 3, 4}, {0, 0, 0, 0}, {-2, 1, 0.5f, 8}}));
      // 0.5 - 2 + 6 + 1 + 0.1; 0.1; -1 - 1 + 1 + 2 + 0.1
      assertThat(p.floatArray("score")).containsExactly(new float[] {5.6f, 0.1f, 1.1f}, within(1e-6f));
      assertThat(p.shape("score")).containsExactly(3, 1);
    }
  }

  @Test
  void twoInputs_smallThenPastTheArenaCapThenSmall_giveExactOutputs() {
    float[] table = {0, 0, 1, 10, 2, 20}; // token t -> (t, 10 t)
    try (MonitoredModel model =
        MonitoredModel.builder("encoder").modelBytes(TestModels.tokenEncoder(table, 2)).build()) {
      // 8 tokens; 60,000 (2 × 480 KB: past the arena's cap, copied by ONNX Runtime); 8 again.
      for (int tokens : new int[] {8, 60_000, 8}) {
        long[] ids = new long[tokens];
        long[] mask = new long[tokens];
        for (int t = 0; t < tokens; t++) {
          ids[t] = t % 3;
          mask[t] = t % 4 == 3 ? 0 : 1;
        }
        Inputs inputs = Inputs.builder()
            .put("input_ids", Tensor.ofLongs(ids, 1, tokens))
            .put("attention_mask", Tensor.ofLongs(mask, 1, tokens))
            .build();
        float[] out = model.predict(inputs).floatArray("last_hidden_state");
        assertThat(out).hasSize(2 * tokens);
        for (int t = 0; t < tokens; t++) {
          float expected = mask[t] * ids[t];
          assertThat(new float[] {out[2 * t], out[2 * t + 1]})
              .as("token %d of %d", t, tokens)
              .containsExactly(expected, 10 * expected);
        }
      }
    }
  }

  @Test
  void callsOnHeapInputs_allocateNoDirectBufferPerCall() {
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
    Inputs inputs = Inputs.of("features", new float[][] {{1, 2, 3, 4}});
    try (MonitoredModel model = linear()) {
      model.predict(inputs); // the first call makes the arena
      long before = direct.getCount();
      for (int i = 0; i < 500; i++) {
        model.predict(inputs);
      }
      // ONNX Runtime's own copy makes a direct buffer per call, freed only after a later GC.
      assertThat(direct.getCount() - before).isLessThan(50);
    }
  }

  @Test
  void aDirectInputInTheOtherByteOrder_isScoredByItsValues() {
    ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    FloatBuffer features = ByteBuffer.allocateDirect(4 * Float.BYTES).order(other).asFloatBuffer();
    features.put(new float[] {1, 2, 3, 4}).flip();
    try (MonitoredModel model = linear()) {
      assertThat(model.predict(Inputs.of("features", Tensor.ofFloats(features, 1, 4))).floatArray("score"))
          .containsExactly(new float[] {5.6f}, within(1e-6f));
    }
  }

  @Test
  void mlpRanker_scoresEqualAHandWrittenForwardPass() {
    TestModels.MlpRanker ranker = TestModels.mlpRanker(4, 8, 42);
    float[] row = {0.3f, -0.7f, 1.5f, 0.05f};
    try (MonitoredModel model = MonitoredModel.builder("mlp").modelBytes(ranker.toBytes(3)).build()) {
      float score = model.predict(Inputs.of("features", new float[][] {row})).floatArray("score")[0];
      assertThat(score).isCloseTo(forward(ranker, row), within(1e-6f));
      assertThat(model.version().version()).isEqualTo("3");
      assertThat(model.version().metadata()).containsEntry("seed", "42");
    }
  }

  private static float forward(TestModels.MlpRanker ranker, float[] row) {
    float[] w1 = ranker.w1();
    float[] b1 = ranker.b1();
    float[] w2 = ranker.w2();
    double out = ranker.b2()[0];
    for (int j = 0; j < b1.length; j++) {
      double h = b1[j];
      for (int i = 0; i < row.length; i++) {
        h += row[i] * w1[i * b1.length + j];
      }
      out += Math.max(0, h) * w2[j];
    }
    return (float) (1 / (1 + Math.exp(-out)));
  }

  @Test
  void version_recordsDigestSignatureMetadataAndProvider() throws Exception {
    try (MonitoredModel model = linear()) {
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(LINEAR));
      assertThat(model.version().digest()).isEqualTo("sha256:" + sha);
      assertThat(model.version().shortDigest()).isEqualTo(sha.substring(0, 12));
      assertThat(model.version().version()).isEqualTo("1");
      assertThat(model.version().metadata()).containsEntry("generator", "monitored-inference TestModels");
      assertThat(model.version().inputs()).singleElement().hasToString("features: float[?, 4]");
      assertThat(model.version().outputs()).singleElement().hasToString("score: float[?, 1]");
      assertThat(model.version().fallback()).isEmpty();
    }
  }

  @Test
  void modelFile_andClasspathLoadTheSameModel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models").resolve("linear.onnx");
    Files.createDirectories(file.getParent());
    Files.write(file, LINEAR);
    try (MonitoredModel fromFile = MonitoredModel.builder("linear").modelFile(file).build();
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
        MonitoredModel fromClasspath = MonitoredModel.builder("linear")
            .source(ModelSource.classpath("models/linear.onnx", loader)).build()) {
      assertThat(fromClasspath.version().digest()).isEqualTo(fromFile.version().digest());
      for (MonitoredModel model : List.of(fromFile, fromClasspath)) {
        assertThat(model.predict(Inputs.of("features", new float[][] {{1, 2, 3, 4}})).floatArray("score")[0])
            .isCloseTo(5.6f, within(1e-6f));
      }
    }
  }

  @Test
  void everyElementType_roundTripsThroughIdentity() {
    List<Tensor> tensors = List.of(
        Tensor.ofFloats(new float[] {1.5f, -2f}, 2),
        Tensor.ofDoubles(new double[] {Math.PI, -1e300}, 2),
        Tensor.ofInts(new int[] {Integer.MIN_VALUE, 7}, 2),
        Tensor.ofLongs(new long[] {Long.MAX_VALUE, -3}, 2),
        Tensor.ofBooleans(new boolean[] {true, false}, 2),
        Tensor.ofStrings(new String[] {"héllo", ""}, 2));
    for (Tensor tensor : tensors) {
      try (MonitoredModel model =
          MonitoredModel.builder("identity").modelBytes(TestModels.identity(tensor.type(), 2)).build()) {
        Tensor out = model.predict(Inputs.of("input", tensor)).output("output");
        assertThat(out.type()).isEqualTo(tensor.type());
        assertThat(out.shape()).containsExactly(2);
        switch (tensor.type()) {
          case FLOAT: assertThat(out.floatArray()).containsExactly(1.5f, -2f); break;
          case DOUBLE: assertThat(out.doubleArray()).containsExactly(Math.PI, -1e300); break;
          case INT32: assertThat(out.intArray()).containsExactly(Integer.MIN_VALUE, 7); break;
          case INT64: assertThat(out.longArray()).containsExactly(Long.MAX_VALUE, -3); break;
          case BOOL: assertThat(out.booleanArray()).containsExactly(true, false); break;
          default: assertThat(out.stringArray()).containsExactly("héllo", "");
        }
      }
    }
  }

  @Test
  void directBuffers_areAccepted() {
    FloatBuffer features = ByteBuffer.allocateDirect(8 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    features.put(new float[] {1, 2, 3, 4, 0, 0, 0, 0}).flip();
    Tensor tensor = Tensor.ofFloats(features, 2, 4);
    assertThat(tensor.isDirect()).isTrue();
    try (MonitoredModel model = linear()) {
      assertThat(model.predict(Inputs.of("features", tensor)).floatArray("score"))
          .containsExactly(new float[] {5.6f, 0.1f}, within(1e-6f));
    }
    ByteBuffer flags = ByteBuffer.allocateDirect(3).put(new byte[] {1, 0, 1}).flip();
    try (MonitoredModel model =
        MonitoredModel.builder("flags").modelBytes(TestModels.identity(ElementType.BOOL, 3)).build()) {
      assertThat(model.predict(Inputs.of("input", Tensor.ofBooleans(flags, 3))).booleanArray("output"))
          .containsExactly(true, false, true);
    }
    LongBuffer ids = ByteBuffer.allocateDirect(3 * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    ids.put(new long[] {101, 2023, 102}).flip();
    try (MonitoredModel model =
        MonitoredModel.builder("ids").modelBytes(TestModels.identity(ElementType.INT64, 1, TensorSpec.FREE)).build()) {
      assertThat(model.predict(Inputs.of("input", Tensor.ofLongs(ids, 1, 3))).longArray("output"))
          .containsExactly(101, 2023, 102);
    }
  }

  @Test
  void badInputs_areRejectedBeforeTheRuntimeWithEveryViolation() {
    AtomicInteger reachedRuntime = new AtomicInteger();
    try (MonitoredModel model = MonitoredModel.builder("linear").modelBytes(LINEAR)
        .addRuntimeInterceptor(chain -> {
          reachedRuntime.incrementAndGet();
          return chain.proceed(chain.inputs());
        })
        .build()) {
      Inputs bad = Inputs.builder()
          .put("featurez", Tensor.ofFloats(new float[4], 1, 4))
          .build();
      assertThatThrownBy(() -> model.predict(bad))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.modelName()).isEqualTo("linear");
            assertThat(e.version()).isEqualTo("1");
            assertThat(e.violations()).extracting(InputViolation::input, InputViolation::rule)
                .containsExactly(
                    org.assertj.core.groups.Tuple.tuple("features", InputRule.MISSING),
                    org.assertj.core.groups.Tuple.tuple("featurez", InputRule.UNKNOWN));
          })
          .hasMessage("invalid input for model 'linear' version 1:\n"
              + "  input 'features' breaks rule missing: expected features: float[?, 4]\n"
              + "  input 'featurez' breaks rule unknown: the model declares only [features]");
      assertThatThrownBy(() -> model.predict(Inputs.of("features", Tensor.ofDoubles(new double[4], 1, 4))))
          .hasMessageContaining("input 'features' breaks rule dtype: expected float, got double");
      assertThatThrownBy(() -> model.predict(Inputs.of("features", Tensor.ofFloats(new float[3], 1, 3))))
          .hasMessageContaining("input 'features' breaks rule shape: expected features: float[?, 4], got [1, 3]");
      assertThatThrownBy(() -> model.predict(Inputs.of("features", Tensor.ofFloats(new float[4], 4))))
          .hasMessageContaining("got [4]");
      assertThat(reachedRuntime).hasValue(0);
      assertThat(model.liveNativeObjects()).isEqualTo(1);
      assertThat(model.predict(Inputs.of("features", new float[][] {{1, 2, 3, 4}})).floatArray("score")[0])
          .isCloseTo(5.6f, within(1e-6f));
    }
  }

  @Test
  void runtimeFailure_isTypedWithTheOrtExceptionAsCause_andLeaksNothing() {
    // Width is free in the signature but the weights need 2 columns: ONNX Runtime's MatMul fails.
    byte[] freeWidth = OnnxModelWriter.graph("free_width")
        .input("x", ElementType.FLOAT, TensorSpec.FREE, TensorSpec.FREE)
        .output("y", ElementType.FLOAT, TensorSpec.FREE, 1)
        .initializer("w", new float[] {1, 1}, 2, 1)
        .node("MatMul", List.of("x", "w"), List.of("y"))
        .toBytes();
    try (MonitoredModel model = MonitoredModel.builder("free").modelBytes(freeWidth).build()) {
      assertThatThrownBy(() -> model.predict(Inputs.of("x", new float[][] {{1, 2, 3}})))
          .isInstanceOf(ModelExecutionException.class)
          .hasMessageStartingWith("model 'free' version unversioned failed to run: ")
          .hasCauseInstanceOf(OrtException.class);
      assertThat(model.liveNativeObjects()).isEqualTo(1);
      assertThat(model.predict(Inputs.of("x", new float[][] {{1, 2}})).floatArray("y")).containsExactly(3f);
    }
  }

  @Test
  void liveNativeObjects_returnToZeroAfterCallsFailuresAndClose() {
    MonitoredModel model = linear();
    assertThat(model.liveNativeObjects()).isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      model.predict(Inputs.of("features", new float[][] {{1, 2, 3, 4}}));
    }
    assertThat(model.liveNativeObjects()).isEqualTo(1);
    model.close();
    assertThat(model.liveNativeObjects()).isZero();
    model.close();
    assertThat(model.liveNativeObjects()).isZero();
  }

  @Test
  void predictAfterClose_failsWithAClearError() {
    MonitoredModel model = linear();
    model.close();
    assertThat(model.isClosed()).isTrue();
    assertThatThrownBy(() -> model.predict(Inputs.of("features", new float[][] {{1, 2, 3, 4}})))
        .isInstanceOf(ModelClosedException.class)
        .hasMessage("model 'linear' is closed and accepts no more calls");
  }

  @Test
  void concurrentPredictFrom16Threads_givesEveryCallerItsOwnCorrectScores() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (MonitoredModel model = linear()) {
      List<Callable<Boolean>> callers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        callers.add(() -> {
          for (int i = 0; i < 200; i++) {
            float x = thread * 1000 + i;
            float score = model.predict(Inputs.of("features", new float[][] {{x, 0, 0, 0}})).floatArray("score")[0];
            if (Math.abs(score - (0.5f * x + 0.1f)) > 1e-3f) {
              return false;
            }
          }
          return true;
        });
      }
      for (Future<Boolean> result : pool.invokeAll(callers)) {
        assertThat(result.get()).isTrue();
      }
      assertThat(model.liveNativeObjects()).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void unreadableOrInvalidModels_failTheBuildWithTypedErrors(@TempDir Path dir) {
    assertThatThrownBy(() -> MonitoredModel.builder("gone").modelFile(dir.resolve("missing.onnx")).build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model 'gone' cannot be read from file ");
    assertThatThrownBy(() -> MonitoredModel.builder("junk").modelBytes(new byte[] {1, 2, 3}).build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model 'junk' is not a well-formed ONNX file (truncated or corrupt): ");
    assertThatThrownBy(() -> MonitoredModel.builder("res").modelResource("no/such/model.onnx").build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no classpath resource 'no/such/model.onnx'");
  }
}
