package dev.monitoredinference.forecast;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Additive Holt–Winters smoothing fitted to a series: a level, a damped trend and, given a season length
 * and at least two seasons of history, a seasonal pattern (e.g. 288 five-minute steps for a daily
 * cycle); otherwise Holt's linear trend alone. The smoothing factors α, β, γ are chosen from a
 * grid (α from 0.05 to 0.95 and β from 0.05 to 0.3 in steps of 0.05, γ in steps of 0.1) to
 * minimise the one-step-ahead squared error — β is kept small because a trend that follows every
 * step extrapolates noise and makes the band explode with the horizon — with the trend damped by
 * φ ∈ {0.8, 0.9, 0.95, 0.98, 1} (h steps ahead it adds φ + … + φ^h times the slope, so a recent
 * slope is not extrapolated for hours), and that error's
 * standard deviation gives the forecast's band (Hyndman and Athanasopoulos, Forecasting:
 * Principles and Practice, 2nd ed., §7.7: the variance grows with the horizon by
 * 1 + Σ_{j<h} (α + αβ(φ + … + φ^j) + γ·[j ≡ 0 mod m])²).
 *
 * <pre>{@code
 * HoltWinters model = HoltWinters.fit(p95PerFiveMinutes, 288);
 * Forecast next = model.forecast(48, 0.95);              // four hours ahead
 * next.firstCrossing(0.050).ifPresent(step -> alert("p95 crosses 50 ms in " + step * 5 + " min"));
 * }</pre>
 *
 * <p>Immutable.
 */
public final class HoltWinters {
  private static final int MIN_POINTS = 4;
  private static final double[] DAMPING = {1, 0.98, 0.95, 0.9, 0.8};

  private final int season;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double phi;
  private final double level;
  private final double trend;
  private final double[] seasonal;
  private final double sigma;

  private HoltWinters(int season, double alpha, double beta, double gamma, double phi, State state,
      double sigma) {
    this.season = season;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.phi = phi;
    this.level = state.level;
    this.trend = state.trend;
    this.seasonal = state.seasonal;
    this.sigma = sigma;
  }

  /**
   * Fits {@code series} (equally spaced, oldest first, no NaN) with a season of {@code
   * seasonLength} steps; 0 or 1, or fewer than two seasons of data, fits no season.
   *
   * @throws IllegalArgumentException if the series has fewer than 4 points or a non-finite value,
   *     or {@code seasonLength < 0}
   */
  public static HoltWinters fit(double[] series, int seasonLength) {
    requireNonNull(series, "series");
    if (series.length < MIN_POINTS) {
      throw new IllegalArgumentException(
          "a forecast needs at least " + MIN_POINTS + " points, but got " + series.length);
    }
    if (seasonLength < 0) {
      throw new IllegalArgumentException("seasonLength must be >= 0, but was " + seasonLength);
    }
    for (int i = 0; i < series.length; i++) {
      if (!Double.isFinite(series[i])) {
        throw new IllegalArgumentException("point " + i + " is " + series[i]);
      }
    }
    int m = seasonLength > 1 && series.length >= 2 * seasonLength ? seasonLength : 0;
    double bestError = Double.POSITIVE_INFINITY;
    double[] best = {0.5, 0.1, 0, 1};
    for (double phi : DAMPING) {
      for (int a = 1; a <= 19; a++) {
        for (int b = 1; b <= 6; b++) {
          for (int g = m == 0 ? 0 : 1; g <= (m == 0 ? 0 : 9); g++) {
            double error = run(series, m, a * 0.05, b * 0.05, g * 0.1, phi, null);
            if (error < bestError) {
              bestError = error;
              best = new double[] {a * 0.05, b * 0.05, g * 0.1, phi};
            }
          }
        }
      }
    }
    State state = new State();
    double squared = run(series, m, best[0], best[1], best[2], best[3], state);
    int errors = series.length - (m == 0 ? 1 : m);
    return new HoltWinters(m, best[0], best[1], best[2], best[3], state,
        Math.sqrt(squared / errors));
  }

  /** The smoothed components after the last point. */
  private static final class State {
    double level;
    double trend;
    double[] seasonal = new double[0];
  }

  /** Smooths the series; returns the sum of squared one-step errors, filling {@code out}. */
  private static double run(double[] y, int m, double alpha, double beta, double gamma,
      double phi, @Nullable State out) {
    double level;
    double trend;
    double[] seasonal = new double[Math.max(m, 1)];
    int start;
    if (m == 0) {
      level = y[0];
      trend = y[1] - y[0];
      start = 1;
    } else {
      double first = mean(y, 0, m);
      level = first;
      trend = (mean(y, m, 2 * m) - first) / m;
      for (int i = 0; i < m; i++) {
        seasonal[i] = y[i] - first;
      }
      start = m;
    }
    double squared = 0;
    for (int t = start; t < y.length; t++) {
      double s = m == 0 ? 0 : seasonal[t % m];
      double error = y[t] - (level + phi * trend + s);
      squared += error * error;
      double previous = level;
      level = alpha * (y[t] - s) + (1 - alpha) * (level + phi * trend);
      trend = beta * (level - previous) + (1 - beta) * phi * trend;
      if (m > 0) {
        seasonal[t % m] = gamma * (y[t] - level) + (1 - gamma) * s;
      }
    }
    if (out != null) {
      out.level = level;
      out.trend = trend;
      // rotate so that seasonal[0] is the season of the step after the last point
      double[] next = new double[m];
      for (int i = 0; i < m; i++) {
        next[i] = seasonal[(y.length + i) % m];
      }
      out.seasonal = next;
    }
    return squared;
  }

  private static double mean(double[] y, int from, int to) {
    return Arrays.stream(y, from, to).average().orElse(0);
  }

  /**
   * The next {@code horizon} steps, with a two-sided band at {@code confidence} (normal errors).
   *
   * @throws IllegalArgumentException unless {@code horizon >= 1} and {@code 0 < confidence < 1}
   */
  public Forecast forecast(int horizon, double confidence) {
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, but was " + horizon);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), but was " + confidence);
    }
    double z = Normal.quantile(0.5 + confidence / 2);
    double[] mean = new double[horizon];
    double[] lower = new double[horizon];
    double[] upper = new double[horizon];
    double variance = 0; // the sum over j < h in the multiplier
    double damped = 0; // φ + … + φ^h
    double power = 1;
    for (int h = 1; h <= horizon; h++) {
      if (h > 1) {
        int j = h - 1;
        double c = alpha + alpha * beta * damped + (season > 0 && j % season == 0 ? gamma : 0);
        variance += c * c; // damped is φ + … + φ^j here
      }
      power *= phi;
      damped += power;
      double point = level + damped * trend + (season > 0 ? seasonal[(h - 1) % season] : 0);
      double half = z * sigma * Math.sqrt(1 + variance);
      mean[h - 1] = point;
      lower[h - 1] = point - half;
      upper[h - 1] = point + half;
    }
    return new Forecast(mean, lower, upper);
  }

  /**
   * Fits all but the last {@code holdout} points of {@code series}, forecasts them, and compares.
   *
   * @throws IllegalArgumentException if fewer than 4 points would remain to fit, or {@code
   *     holdout < 1}
   */
  public static Backtest backtest(double[] series, int seasonLength, int holdout, double confidence) {
    requireNonNull(series, "series");
    if (holdout < 1 || series.length - holdout < MIN_POINTS) {
      throw new IllegalArgumentException("cannot hold out " + holdout + " of " + series.length
          + " points and keep " + MIN_POINTS + " to fit");
    }
    double[] fitted = Arrays.copyOf(series, series.length - holdout);
    Forecast forecast = fit(fitted, seasonLength).forecast(holdout, confidence);
    double absolute = 0;
    double percent = 0;
    int percentPoints = 0;
    int covered = 0;
    for (int h = 0; h < holdout; h++) {
      double actual = series[fitted.length + h];
      double error = Math.abs(actual - forecast.mean(h));
      absolute += error;
      if (actual != 0) {
        percent += error / Math.abs(actual);
        percentPoints++;
      }
      if (actual >= forecast.lower(h) && actual <= forecast.upper(h)) {
        covered++;
      }
    }
    return new Backtest(holdout, absolute / holdout,
        percentPoints == 0 ? Double.NaN : percent / percentPoints, (double) covered / holdout);
  }

  /** The season length fitted; 0 for none. */
  public int seasonLength() {
    return season;
  }

  /** The level smoothing factor chosen. */
  public double alpha() {
    return alpha;
  }

  /** The trend smoothing factor chosen. */
  public double beta() {
    return beta;
  }

  /** The seasonal smoothing factor chosen; 0 without a season. */
  public double gamma() {
    return gamma;
  }

  /** The trend damping chosen (1: none). */
  public double phi() {
    return phi;
  }

  /** The standard deviation of the one-step-ahead errors in the fitted history. */
  public double sigma() {
    return sigma;
  }

  @Override
  public String toString() {
    return String.format("HoltWinters[season %d, alpha %.2f, beta %.2f, gamma %.1f, phi %.2f, sigma %.4g]",
        season, alpha, beta, gamma, phi, sigma);
  }
}
