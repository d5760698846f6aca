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
    float[] flat = new float[2 * d];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) random.nextGaussian();
    }
    sketch.update(flat, 0, d);
    sketch.update(flat, d, d);
    float[][] directions = EmbeddingSketch.directions(11, p, d);
    for (int i = 0; i < p; i++) {
      double first = 0;
      double second = 0;
      for (int j = 0; j < d; j++) {
        first += (double) directions[i][j] * flat[j];
        second += (double) directions[i][j] * flat[d + j];
      }
      // two rows: the sketch's min and max are exactly the two projections
      assertThat(sketch.projections[i].kll.getN()).isEqualTo(2);
      assertThat((double) sketch.projections[i].kll.getMinItem())
          .isCloseTo(Math.min(first, second), within(1e-5));
      assertThat((double) sketch.projections[i].kll.getMaxItem())
          .isCloseTo(Math.max(first, second), within(1e-5));
    }
    assertThat(sketch.sum[0]).isCloseTo((double) flat[0] + flat[d], within(1e-9));
  }

  @Test
  void directions_stayTheSameForASeed_soSavedBaselinesKeepMatching() {
    float[][] directions = EmbeddingSketch.directions(42, 16, 384);
    assertThat(directions[0][0]).isEqualTo(0.05827261f);
    assertThat(directions[5][100]).isEqualTo(-0.093525395f);
    assertThat(directions[15][383]).isEqualTo(0.07032563f);
  }
}
