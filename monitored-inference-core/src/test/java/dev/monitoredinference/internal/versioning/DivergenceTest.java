package dev.monitoredinference.internal.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import org.junit.jupiter.api.Test;

class DivergenceTest {
  private static final ModelVersion VERSION = ModelVersion.builder("m", "1")
      .input(TensorSpec.of("x", ElementType.FLOAT, TensorSpec.FREE, 1))
      .output(TensorSpec.of("out", ElementType.FLOAT, TensorSpec.FREE, TensorSpec.FREE))
      .build();

  private static Prediction of(float[] data, long rows, long columns) {
    return Prediction.builder(VERSION).put("out", Tensor.ofFloats(data, rows, columns)).build();
  }

  @Test
  void scores_meanAbsoluteDifference_andTopKRankAgreement() {
    Prediction baseline = of(new float[] {4f, 3f, 2f, 1f}, 4, 1);
    Prediction candidate = of(new float[] {4f, 1f, 5f, 1f}, 4, 1); // top 2: rows 2, 0 vs 0, 1

    Divergence d = Divergence.between(baseline, candidate, 2);

    assertThat(d.meanAbsDiff()).isEqualTo(1.25);
    assertThat(d.rankAgreement()).isEqualTo(0.5);
    assertThat(d.cosine()).isNaN();
    assertThat(d.distance()).isEqualTo(1.25);
  }

  @Test
  void aSingleScore_hasNoRanking() {
    Divergence d = Divergence.between(of(new float[] {1f}, 1, 1), of(new float[] {3f}, 1, 1), 10);

    assertThat(d.meanAbsDiff()).isEqualTo(2.0);
    assertThat(d.rankAgreement()).isNaN();
  }

  @Test
  void embeddings_meanCosineSimilarityOfTheRows() {
    Prediction baseline = of(new float[] {1f, 0f, 0f, 2f}, 2, 2);
    Prediction candidate = of(new float[] {3f, 0f, 1f, 1f}, 2, 2); // cos 1 and cos 45° = 0.7071

    Divergence d = Divergence.between(baseline, candidate, 10);

    assertThat(d.cosine()).isCloseTo((1 + Math.sqrt(0.5)) / 2, within(1e-12));
    assertThat(d.meanAbsDiff()).isNaN();
    assertThat(d.distance()).isCloseTo(1 - (1 + Math.sqrt(0.5)) / 2, within(1e-12));
  }

  @Test
  void outputsOfOtherShapes_areNotCompared() {
    Divergence d = Divergence.between(of(new float[] {1f, 2f}, 2, 1), of(new float[] {1f, 2f}, 1, 2), 10);

    assertThat(d.distance()).isNaN();
  }
}
