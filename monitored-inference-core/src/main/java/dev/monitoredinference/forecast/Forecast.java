package dev.monitoredinference.forecast;

import java.util.OptionalInt;

/**
 * A forecast: for each step ahead (0 = the step after the last point) the expected value and a
 * band. Immutable.
 */
public final class Forecast {
  private final double[] mean;
  private final double[] lower;
  private final double[] upper;

  Forecast(double[] mean, double[] lower, double[] upper) {
    this.mean = mean;
    this.lower = lower;
    this.upper = upper;
  }

  /** Steps forecast. */
  public int horizon() {
    return mean.length;
  }

  /** The expected value {@code step + 1} steps ahead. */
  public double mean(int step) {
    return mean[step];
  }

  /** The band's lower edge {@code step + 1} steps ahead. */
  public double lower(int step) {
    return lower[step];
  }

  /** The band's upper edge {@code step + 1} steps ahead. */
  public double upper(int step) {
    return upper[step];
  }

  /**
   * The first step (1-based: steps ahead) at which the expected value reaches {@code limit}: the
   * time to saturation; empty if it stays below within the horizon.
   */
  public OptionalInt firstCrossing(double limit) {
    return crossing(mean, limit);
  }

  /**
   * The first step at which the band's upper edge reaches {@code limit}: the earliest the limit is
   * plausibly reached (what an alert should use).
   */
  public OptionalInt earliestCrossing(double limit) {
    return crossing(upper, limit);
  }

  private static OptionalInt crossing(double[] values, double limit) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] >= limit) {
        return OptionalInt.of(i + 1);
      }
    }
    return OptionalInt.empty();
  }
}
