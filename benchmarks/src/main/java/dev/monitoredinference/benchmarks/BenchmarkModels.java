package dev.monitoredinference.benchmarks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The benchmarks' two models and one call's inputs for each. */
final class BenchmarkModels {
  /** The inputs of all-MiniLM-L6-v2, in order. */
  static final List<String> MINILM_INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

  /**
   * Adds MiniLM's signature to {@code version}: three {@code [batch, tokens]} int64 inputs and
   * {@code last_hidden_state [batch, tokens, 384]}, for fakes that stand in for the encoder.
   */
  static ModelVersion.Builder withMiniLmSignature(ModelVersion.Builder version) {
    for (String name : MINILM_INPUTS) {
      version.input(TensorSpec.of(name, ElementType.INT64, TensorSpec.FREE, TensorSpec.FREE));
    }
    return version.output(TensorSpec.of("last_hidden_state", ElementType.FLOAT, TensorSpec.FREE,
        TensorSpec.FREE, 384));
  }

  static {
    // DJL picks a CUDA build of its tokenizer library on a CUDA host and downloads it (failing
    // offline); the benchmarks' direct DJL calls want the bundled CPU build, as
    // Tokenizers.huggingFace asks for. Loaded before any benchmark touches DJL.
    if (System.getProperty("RUST_FLAVOR") == null && System.getenv("RUST_FLAVOR") == null) {
      System.setProperty("RUST_FLAVOR", "cpu");
    }
  }

  static final String QUERY = "red running shoes for trail running";

  private BenchmarkModels() {}

  /** A model's bytes and the inputs of one call. */
  static final class Fixture {
    private final byte[] bytes;
    private final Inputs inputs;

    Fixture(byte[] bytes, Inputs inputs) {
      this.bytes = bytes;
      this.inputs = inputs;
    }

    byte[] bytes() {
      return bytes;
    }

    Inputs inputs() {
      return inputs;
    }
  }

  /**
   * {@code tiny}: a generated 16→32→1 MLP ranker and one {@code [1, 16]} row; {@code minilm}: the
   * real all-MiniLM-L6-v2 (quantized) encoder and {@link #QUERY}, tokenized.
   */
  static Fixture fixture(String model) {
    if (model.equals("tiny")) {
      float[] row = new float[16];
      SplittableRandom random = new SplittableRandom(3);
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) random.nextGaussian();
      }
      return new Fixture(TestModels.mlpRanker(16, 32, 1).toBytes(1), Inputs.of("features", Tensor.ofFloats(row, 1, 16)));
    }
    Encoding encoding;
    try (InputStream json = resource("all-minilm-l6-v2-q-tokenizer.json");
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of())) {
      encoding = tokenizer.encode(QUERY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int length = encoding.getIds().length;
    Inputs inputs = Inputs.builder()
        .put("input_ids", Tensor.ofLongs(encoding.getIds(), 1, length))
        .put("attention_mask", Tensor.ofLongs(encoding.getAttentionMask(), 1, length))
        .put("token_type_ids", Tensor.ofLongs(encoding.getTypeIds(), 1, length))
        .build();
    try (InputStream onnx = resource("all-minilm-l6-v2-q.onnx")) {
      return new Fixture(onnx.readAllBytes(), inputs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a classpath resource at the jar's root, e.g. the MiniLM model. */
  static byte[] bytes(String name) {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = BenchmarkModels.class.getResourceAsStream("/" + name);
    if (in == null) {
      throw new IllegalStateException("resource " + name + " is not on the classpath");
    }
    return in;
  }
}
