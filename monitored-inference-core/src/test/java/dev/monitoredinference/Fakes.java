package dev.monitoredinference;

import dev.monitoredinference.testing.FakeModelRuntime;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Shared fixtures: a ranker-shaped fake runtime whose answer the test scripts. */
public final class Fakes {
  public static final ModelVersion RANKER_V7 =
      ModelVersion.builder("ranker", "7")
          .digest("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
          .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
          .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
          .build();

  public static final Inputs ONE_ROW = Inputs.of("features", new float[][] {{0.1f, 0.7f}});

  private Fakes() {}

  /** A ranker that scores each row as the sum of its two features. */
  public static FakeModelRuntime summingRanker() {
    return ranker(inputs -> {
      float[] features = inputs.find("features").floatArray();
      float[] scores = new float[features.length / 2];
      for (int row = 0; row < scores.length; row++) {
        scores[row] = features[2 * row] + features[2 * row + 1];
      }
      return Map.of("score", Tensor.ofFloats(scores, scores.length, 1));
    });
  }

  public static FakeModelRuntime ranker(Function<Inputs, Map<String, Tensor>> answer) {
    return FakeModelRuntime.of(RANKER_V7, answer);
  }

  /**
   * A ranker whose calls run {@code onEntry}, then hold (ignoring termination, like a run stuck in
   * native code) until {@code release} opens or 10 s pass, then answer score 1.
   */
  public static FakeModelRuntime heldUntil(CountDownLatch release, Runnable onEntry) {
    return ranker(inputs -> {
      onEntry.run();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
    });
  }
}
