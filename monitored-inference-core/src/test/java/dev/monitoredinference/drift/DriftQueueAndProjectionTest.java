package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The drift thread's pause on an empty queue, and the embedding projections' arithmetic. */
class DriftQueueAndProjectionTest {
  @Test
  void pause_is100Ms_orATwentiethOfATimeSubWindow_atLeast1Ms() {
    assertThat(pause(DriftConfig.builder().outputs("score").windowSamples(1000))).isEqualTo(100_000_000);
    assertThat(pause(DriftConfig.builder().outputs("score").window(Duration.ofMinutes(5)))).isEqualTo(100_000_000);
    assertThat(pause(DriftConfig.builder().outputs("score").window(Duration.ofSeconds(1)).subWindows(10)))
        .isEqualTo(5_000_000);
    assertThat(pause(DriftConfig.builder().outputs("score").window(Duration.ofMillis(10)).subWindows(1)))
        .isEqualTo(1_000_000);
  }

  private static long pause(DriftConfigBuilder builder) {
    return DriftQueue.pauseNanos(builder.build());
  }

  @Test
  void projections_areTheDotProductsWithTheSeededDirections() {
    int d = 37;
    int p = 6; // one block of four directions and two single ones
    EmbeddingSketch sketch = new EmbeddingSketch(200, p, 11);
    SplittableRandom random = new SplittableRandom(5);
    float[] flat = new float[3 * d];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) random.nextGaussian();
    }
    for (int row = 0; row < 3; row++) {
      sketch.update(flat, row * d, d);
    }
    float[][] directions = EmbeddingSketch.directions(11, p, d);
    for (int i = 0; i < p; i++) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (int row = 0; row < 3; row++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += (double) directions[i][j] * flat[row * d + j];
        }
        min = Math.min(min, dot);
        max = Math.max(max, dot);
      }
      assertThat(sketch.projections[i].kll.getN()).isEqualTo(3);
      assertThat((double) sketch.projections[i].kll.getMinItem()).isCloseTo(min, within(1e-5));
      assertThat((double) sketch.projections[i].kll.getMaxItem()).isCloseTo(max, within(1e-5));
    }
    assertThat(sketch.sum[0]).isCloseTo((double) flat[0] + flat[d] + flat[2 * d], within(1e-9));
  }
}
