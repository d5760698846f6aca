package dev.monitoredinference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The shared tail arithmetic against closed forms. */
class TailsTest {
  @Test
  void binomialUpperTail_matchesTheComplementOfTheFirstTerms() {
    // P(X ≥ 2) = 1 − 0.95^150 − 150·0.05·0.95^149
    double expected = 1 - Math.pow(0.95, 150) - 150 * 0.05 * Math.pow(0.95, 149);
    assertThat(Tails.binomialUpperTail(2, 150, 0.05)).isCloseTo(expected, within(1e-12));
    assertThat(Tails.binomialUpperTail(150, 150, 0.5)).isCloseTo(Math.pow(0.5, 150), within(1e-57));
    assertThat(Tails.binomialUpperTail(0, 10, 0.1)).isEqualTo(1);
    assertThat(Tails.binomialUpperTail(1, 10, 0)).isZero();
    assertThat(Tails.binomialUpperTail(11, 10, 0.5)).isZero();
  }

  @Test
  void zOfUpperTail_invertsTheNormalTail_andStaysFinite() {
    assertThat(Tails.zOfUpperTail(0.00135)).isCloseTo(3.0, within(1e-3));
    assertThat(Tails.zOfUpperTail(0.5)).isCloseTo(0.0, within(1e-9));
    assertThat(Tails.zOfUpperTail(0)).isEqualTo(Tails.MAX_Z);
    assertThat(Tails.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
  }
}
