package dev.monitoredinference.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Holt–Winters against series whose future is known. */
class HoltWintersTest {
  @Test
  void aStraightLine_isForecastExactly_andCrossesItsLimitOnTheStepItReachesIt() {
    double[] line = new double[50];
    for (int i = 0; i < line.length; i++) {
      line[i] = 10 + 2 * i; // 10 .. 108
    }
    HoltWinters model = HoltWinters.fit(line, 0);
    Forecast next = model.forecast(20, 0.95);

    assertThat(model.seasonLength()).isZero();
    assertThat(model.sigma()).isCloseTo(0, within(1e-9));
    for (int h = 0; h < 20; h++) {
      assertThat(next.mean(h)).isCloseTo(110 + 2 * h, within(1e-6));
    }
    assertThat(next.firstCrossing(120)).hasValue(6); // 110, 112, ..., 120 at the 6th step
    assertThat(next.firstCrossing(1_000)).isEmpty();
  }

  @Test
  void aDailyCycleWithTrendAndNoise_isForecastWithinAFewPercent_andTheBandCoversAbout95Percent() {
    int season = 24;
    int covered = 0;
    int points = 0;
    double worstMape = 0;
    for (int seed = 0; seed < 20; seed++) {
      double[] series = seasonal(new Random(seed), 24 * 14 + 24, season); // 14 days, then one more
      Backtest test = HoltWinters.backtest(series, season, 24, 0.95);
      worstMape = Math.max(worstMape, test.meanAbsolutePercentageError());
      covered += Math.round(test.bandCoverage() * test.points());
      points += test.points();
    }
    assertThat(worstMape).isLessThan(0.05);
    assertThat((double) covered / points).isBetween(0.88, 0.995);
  }

  @Test
  void withoutTwoSeasonsOfHistory_noSeasonIsFitted() {
    double[] series = seasonal(new Random(1), 30, 24);
    assertThat(HoltWinters.fit(series, 24).seasonLength()).isZero();
    assertThat(HoltWinters.fit(seasonal(new Random(1), 48, 24), 24).seasonLength()).isEqualTo(24);
  }

  @Test
  void theBandWidens_withTheHorizon() {
    Forecast next = HoltWinters.fit(seasonal(new Random(3), 24 * 7, 24), 24).forecast(48, 0.9);
    double first = next.upper(0) - next.lower(0);
    double last = next.upper(47) - next.lower(47);
    assertThat(first).isPositive();
    assertThat(last).isGreaterThan(first);
    assertThat(next.earliestCrossing(next.upper(10)).orElseThrow()).isLessThanOrEqualTo(11);
  }

  @Test
  void badSeries_andArguments_areRefusedWithTheReason() {
    assertThatThrownBy(() -> HoltWinters.fit(new double[] {1, 2, 3}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a forecast needs at least 4 points, but got 3");
    assertThatThrownBy(() -> HoltWinters.fit(new double[] {1, 2, Double.NaN, 4}, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("point 2 is NaN");
    assertThatThrownBy(() -> HoltWinters.fit(new double[] {1, 2, 3, 4}, 0).forecast(0, 0.9))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("horizon must be >= 1, but was 0");
    assertThatThrownBy(() -> HoltWinters.backtest(new double[] {1, 2, 3, 4, 5}, 0, 2, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot hold out 2 of 5 points and keep 4 to fit");
  }

  @Test
  void theNormalQuantile_matchesKnownValues() {
    assertThat(Normal.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(Normal.quantile(0.5)).isCloseTo(0, within(1e-12));
    assertThat(Normal.quantile(0.01)).isCloseTo(-2.326348, within(1e-6));
  }

  /** 100 + 0.05 per step + 20·sin(daily) + N(0, 2²). */
  private static double[] seasonal(Random random, int length, int season) {
    double[] series = new double[length];
    for (int t = 0; t < length; t++) {
      series[t] = 100 + 0.05 * t + 20 * Math.sin(2 * Math.PI * t / season) + 2 * random.nextGaussian();
    }
    return series;
  }
}
