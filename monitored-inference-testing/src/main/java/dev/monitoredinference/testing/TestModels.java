package dev.monitoredinference.testing;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.TensorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ready-made ONNX models with known weights, written by {@link OnnxModelWriter}: an identity for
 * every element type, a linear scorer, reductions over the batch, a small MLP ranker and a token
 * encoder. Every model stamps {@code
 * metadata_props} ({@code generator}, plus its weights' seed where it has one).
 */
public final class TestModels {
  private static final String GENERATOR = "monitored-inference TestModels";

  private TestModels() {}

  /** {@code output = Identity(input)} over the given type and shape. */
  public static byte[] identity(ElementType type, long... shape) {
    return OnnxModelWriter.graph("identity")
        .modelVersion(1)
        .metadata("generator", GENERATOR)
        .input("input", type, shape)
        .output("output", type, shape)
        .node("Identity", List.of("input"), List.of("output"))
        .toBytes();
  }

  /**
   * {@code score[b, 0] = sum_i features[b, i] * weights[i] + bias}: input {@code features} float
   * {@code [batch, weights.length]}, output {@code score} float {@code [batch, 1]}.
   */
  public static byte[] linearScorer(float[] weights, float bias) {
    return OnnxModelWriter.graph("linear_scorer")
        .modelVersion(1)
        .metadata("generator", GENERATOR)
        .input("features", ElementType.FLOAT, TensorSpec.FREE, weights.length)
        .output("score", ElementType.FLOAT, TensorSpec.FREE, 1)
        .initializer("weights", weights, weights.length, 1)
        .initializer("bias", new float[] {bias}, 1)
        .node("MatMul", List.of("features", "weights"), List.of("product"))
        .node("Add", List.of("product", "bias"), List.of("score"))
        .toBytes();
  }

  /**
   * {@code argmax[0, j] = ArgMax over the batch of x[:, j]}: input {@code x} float {@code [batch,
   * columns]}, output {@code argmax} int64 {@code [1, columns]}. ONNX Runtime fails on an empty
   * batch.
   */
  public static byte[] argMaxOverBatch(int columns) {
    return OnnxModelWriter.graph("argmax_over_batch")
        .modelVersion(1)
        .metadata("generator", GENERATOR)
        .input("x", ElementType.FLOAT, TensorSpec.FREE, columns)
        .output("argmax", ElementType.INT64, 1, columns)
        .node("ArgMax", List.of("x"), List.of("argmax"),
            OnnxModelWriter.Attribute.integer("axis", 0), OnnxModelWriter.Attribute.integer("keepdims", 1))
        .toBytes();
  }

  /**
   * {@code max[0, j] = ReduceMax over the batch of x[:, j]}: input {@code x} float {@code [batch,
   * columns]}, output {@code max} float {@code [1, columns]}. An empty batch yields -Inf.
   */
  public static byte[] maxOverBatch(int columns) {
    return OnnxModelWriter.graph("max_over_batch")
        .modelVersion(1)
        .metadata("generator", GENERATOR)
        .input("x", ElementType.FLOAT, TensorSpec.FREE, columns)
        .output("max", ElementType.FLOAT, 1, columns)
        .initializer("axes", new long[] {0}, 1)
        .node("ReduceMax", List.of("x", "axes"), List.of("max"),
            OnnxModelWriter.Attribute.integer("keepdims", 1))
        .toBytes();
  }

  /**
   * A text encoder in BERT's shape whose token vectors are rows of {@code table}: inputs {@code
   * input_ids} and {@code attention_mask} int64 {@code [batch, tokens]}, output {@code
   * last_hidden_state} float {@code [batch, tokens, dims]} = {@code table[input_ids] *
   * attention_mask}. Pooling results can so be computed by hand.
   *
   * @throws IllegalArgumentException unless {@code table.length} is a positive multiple of {@code dims}
   */
  public static byte[] tokenEncoder(float[] table, int dims) {
    if (dims <= 0 || table.length == 0 || table.length % dims != 0) {
      throw new IllegalArgumentException("table length must be a positive multiple of dims " + dims
          + ", but was " + table.length);
    }
    return OnnxModelWriter.graph("token_encoder")
        .modelVersion(1)
        .metadata("generator", GENERATOR)
        .input("input_ids", ElementType.INT64, TensorSpec.FREE, TensorSpec.FREE)
        .input("attention_mask", ElementType.INT64, TensorSpec.FREE, TensorSpec.FREE)
        .output("last_hidden_state", ElementType.FLOAT, TensorSpec.FREE, TensorSpec.FREE, dims)
        .initializer("table", table, table.length / dims, dims)
        .initializer("last_axis", new long[] {2}, 1)
        .node("Gather", List.of("table", "input_ids"), List.of("tokens"))
        .node("Cast", List.of("attention_mask"), List.of("mask"),
            OnnxModelWriter.Attribute.integer("to", 1))
        .node("Unsqueeze", List.of("mask", "last_axis"), List.of("mask3"))
        .node("Mul", List.of("tokens", "mask3"), List.of("last_hidden_state"))
        .toBytes();
  }

  /**
   * {@code output = input × w × w × …} ({@code layers} MatMul nodes, {@code w} filled with {@code
   * 1/size}): input and output float {@code [size, size]}. Costs {@code layers × size³}
   * multiply-adds, so a run takes as long as a test needs; ONNX Runtime checks its terminate flag
   * between nodes.
   *
   * @throws IllegalArgumentException if {@code size} or {@code layers} is not positive
   */
  public static byte[] matMulChain(int size, int layers) {
    if (size <= 0 || layers <= 0) {
      throw new IllegalArgumentException(
          "size and layers must be > 0, but were " + size + " and " + layers);
    }
    float[] weights = new float[size * size];
    Arrays.fill(weights, 1f / size);
    OnnxModelWriter writer = OnnxModelWriter.graph("matmul_chain")
        .modelVersion(1)
        .metadata("generator", GENERATOR)
        .input("input", ElementType.FLOAT, size, size)
        .output("output", ElementType.FLOAT, size, size)
        .initializer("w", weights, size, size);
    String previous = "input";
    for (int layer = 1; layer <= layers; layer++) {
      String next = layer == layers ? "output" : "h" + layer;
      writer.node("MatMul", List.of(previous, "w"), List.of(next));
      previous = next;
    }
    return writer.toBytes();
  }

  /** A two-layer ranker with weights drawn from {@code seed}; see {@link MlpRanker}. */
  public static MlpRanker mlpRanker(int features, int hidden, long seed) {
    return new MlpRanker(features, hidden, seed);
  }

  /**
   * {@code score = Sigmoid(Relu(features × w1 + b1) × w2 + b2)}: input {@code features} float
   * {@code [batch, features]}, output {@code score} float {@code [batch, 1]}. Weights are uniform
   * in [-1, 1) from a {@link SplittableRandom} seeded with the given seed, so the same seed always
   * writes the same model.
   */
  public static final class MlpRanker {
    private final int features;
    private final int hidden;
    private final long seed;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;

    private MlpRanker(int features, int hidden, long seed) {
      if (features <= 0 || hidden <= 0) {
        throw new IllegalArgumentException(
            "features and hidden must be > 0, but were " + features + " and " + hidden);
      }
      this.features = features;
      this.hidden = hidden;
      this.seed = seed;
      SplittableRandom random = new SplittableRandom(seed);
      this.w1 = uniform(random, features * hidden);
      this.b1 = uniform(random, hidden);
      this.w2 = uniform(random, hidden);
      this.b2 = uniform(random, 1);
    }

    /** The number of input features. */
    public int features() {
      return features;
    }

    /** The first layer's weights, row-major {@code [features, hidden]} (a copy). */
    public float[] w1() {
      return w1.clone();
    }

    /** The first layer's bias {@code [hidden]} (a copy). */
    public float[] b1() {
      return b1.clone();
    }

    /** The second layer's weights {@code [hidden, 1]} (a copy). */
    public float[] w2() {
      return w2.clone();
    }

    /** The second layer's bias (a one-element copy). */
    public float[] b2() {
      return b2.clone();
    }

    /** The model, stamped with {@code model_version} {@code version}. */
    public byte[] toBytes(long version) {
      return OnnxModelWriter.graph("mlp_ranker")
          .modelVersion(version)
          .metadata("generator", GENERATOR)
          .metadata("seed", Long.toString(seed))
          .input("features", ElementType.FLOAT, TensorSpec.FREE, features)
          .output("score", ElementType.FLOAT, TensorSpec.FREE, 1)
          .initializer("w1", w1, features, hidden)
          .initializer("b1", b1, hidden)
          .initializer("w2", w2, hidden, 1)
          .initializer("b2", b2, 1)
          .node("MatMul", List.of("features", "w1"), List.of("h"))
          .node("Add", List.of("h", "b1"), List.of("hb"))
          .node("Relu", List.of("hb"), List.of("r"))
          .node("MatMul", List.of("r", "w2"), List.of("o"))
          .node("Add", List.of("o", "b2"), List.of("ob"))
          .node("Sigmoid", List.of("ob"), List.of("score"))
          .toBytes();
    }

    private static float[] uniform(SplittableRandom random, int count) {
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = (float) random.nextDouble(-1, 1);
      }
      return values;
    }
  }
}
