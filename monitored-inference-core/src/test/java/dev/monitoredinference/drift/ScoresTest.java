package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The score arithmetic on hand-computed cases. */
class ScoresTest {
  @Test
  void psi_isTheSumOfShareDifferencesTimesLogRatios() {
    double[] p = {0.5, 0.5};
    double[] q = {0.25, 0.75};
    assertThat(Scores.psi(p, q))
        .isCloseTo(-0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), within(1e-12));
    assertThat(Scores.psi(p, p)).isZero();
  }

  @Test
  void smoothing_addsHalfACountToEveryBin() {
    assertThat(Scores.smoothed(new double[] {1, 0}, 10))
        .containsExactly(10.5 / 11, 0.5 / 11);
  }

  @Test
  void jensenShannon_isOneForDisjointAndZeroForEqualShares() {
    assertThat(Scores.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
        .isCloseTo(1, within(1e-12));
    assertThat(Scores.jensenShannon(new double[] {0.3, 0.7}, new double[] {0.3, 0.7})).isZero();
  }

  @Test
  void criticalValues_matchTables() {
    assertThat(Scores.normalQuantile(0.99)).isCloseTo(2.326348, within(1e-6));
    assertThat(Scores.normalQuantile(0.5)).isCloseTo(0, within(1e-12));
    assertThat(Scores.normalQuantile(0.01)).isCloseTo(-2.326348, within(1e-6));
    assertThat(Scores.chiSquareUpper(3, 0.01)).isCloseTo(11.345, within(0.05));
    assertThat(Scores.chiSquareUpper(9, 0.05)).isCloseTo(16.919, within(0.05));
    // c(0.05) = 1.358; n_b = n_w = 10,000
    assertThat(Scores.ksCritical(0.05, 10_000, 10_000)).isCloseTo(1.358 * Math.sqrt(2e-4), within(1e-4));
  }

  @Test
  void cosineDistance_isZeroForParallelAndOneForOrthogonalVectors() {
    assertThat(Scores.cosineDistance(new double[] {1, 2}, new double[] {2, 4})).isCloseTo(0, within(1e-12));
    assertThat(Scores.cosineDistance(new double[] {1, 0}, new double[] {0, 3})).isCloseTo(1, within(1e-12));
    assertThat(Scores.cosineDistance(new double[] {0, 0}, new double[] {0, 3})).isNaN();
  }
}
