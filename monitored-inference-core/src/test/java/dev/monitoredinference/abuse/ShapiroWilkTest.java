package dev.monitoredinference.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** W as SciPy 1.17's {@code scipy.stats.shapiro} (the same AS R94 approximation) computes it. */
class ShapiroWilkTest {
  private final ShapiroWilk test = new ShapiroWilk(48);

  @Test
  void nearlyUniformValues_matchSciPy() {
    float[] x = new float[40];
    for (int i = 1; i <= 40; i++) {
      x[i - 1] = (i * 7919 % 101) / 10.0f;
    }
    assertThat(test.w(x, 40)).isCloseTo(0.9560757, within(1e-5));
  }

  @Test
  void skewedValues_matchSciPy() {
    float[] y = new float[32];
    for (int i = 1; i <= 32; i++) {
      y[i - 1] = (float) Math.exp((i % 13) / 4.0);
    }
    assertThat(test.w(y, 32)).isCloseTo(0.8027662, within(1e-5));
  }

  @Test
  void twoValuedSteps_areFarFromNormal() {
    float[] z = new float[48];
    for (int i = 0; i < 48; i++) {
      z[i] = i % 5 == 0 ? 2 : 1;
    }
    assertThat(test.w(z, 48)).isCloseTo(0.4994488, within(1e-5));
  }

  @Test
  void constantValues_readAsTheMostRegular() {
    assertThat(test.w(new float[] {3, 3, 3, 3, 3, 3, 3, 3}, 8)).isZero();
  }

  @Test
  void sizesOutsideTheTable_areRefused() {
    assertThatThrownBy(() -> test.w(new float[49], 49)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample size must be in [6, 48], but was 49");
  }
}
