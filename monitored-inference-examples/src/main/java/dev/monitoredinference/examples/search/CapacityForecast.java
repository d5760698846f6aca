package dev.monitoredinference.examples.search;

import dev.monitoredinference.forecast.Backtest;
import dev.monitoredinference.forecast.Forecast;
import dev.monitoredinference.forecast.HoltWinters;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;

/**
 * The history report's look ahead: p95 latency, throughput and resident memory forecast with
 * Holt–Winters ({@link HoltWinters}) and a 95 % band, the time until p95 crosses its SLO and
 * memory its limit, and a backtest (the last stretch of the history held out and forecast).
 */
final class CapacityForecast {
  /**
   * How the history is read: its step, the season in steps (0: none), how far to look ahead, and
   * the limits saturation is measured against (NaN: none).
   */
  record Settings(double stepSeconds, int seasonSteps, int horizonSteps, double p95LimitMs,
      double memoryLimitMb) {
    /** The demo's per-second history: no season, 30 s ahead, the shipped 50 ms latency SLO. */
    static Settings perSecond() {
      return new Settings(1, 0, 30, 50, Double.NaN);
    }
  }

  /** One metric's forecast, its backtest and when it reaches its limit. */
  record Metric(String name, String unit, double[] history, Forecast forecast, Backtest backtest,
      double limit, OptionalInt stepsToLimit, OptionalInt earliestStepsToLimit) {}

  private CapacityForecast() {}

  /**
   * The three metrics that have at least 8 points of history. The last window is left out: it is
   * still filling (a partial second or step would read as a collapse and be extrapolated).
   */
  static List<Metric> of(List<History.Window> all, Settings settings) {
    List<History.Window> windows = all.subList(0, Math.max(0, all.size() - 1));
    List<Metric> metrics = new ArrayList<>();
    add(metrics, "p95 latency", "ms", windows, History.Window::p95Ms, settings, settings.p95LimitMs());
    add(metrics, "throughput", "requests/s", windows, w -> w.requests() / settings.stepSeconds(),
        settings, Double.NaN);
    add(metrics, "resident memory", "MB", windows, History.Window::residentMb, settings,
        settings.memoryLimitMb());
    return metrics;
  }

  private static void add(List<Metric> metrics, String name, String unit, List<History.Window> windows,
      ToDoubleFunction<History.Window> value, Settings settings, double limit) {
    double[] history = windows.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).toArray();
    if (history.length < 8) {
      return;
    }
    Forecast forecast = HoltWinters.fit(history, settings.seasonSteps())
        .forecast(settings.horizonSteps(), 0.95);
    int holdout = Math.max(1, Math.min(settings.horizonSteps(), history.length / 5));
    Backtest backtest = HoltWinters.backtest(history, settings.seasonSteps(), holdout, 0.95);
    boolean limited = !Double.isNaN(limit);
    metrics.add(new Metric(name, unit, history, forecast, backtest, limit,
        limited ? forecast.firstCrossing(limit) : OptionalInt.empty(),
        limited ? forecast.earliestCrossing(limit) : OptionalInt.empty()));
  }

  /** A table row: the forecast at the horizon, time to the limit, and the backtest's errors. */
  static String row(Metric metric, Settings settings) {
    int last = metric.forecast().horizon() - 1;
    // The three metrics cannot be negative: the band's lower edge is shown from 0.
    return String.format("<tr><td>%s</td><td>%.2f %s</td><td>%.2f – %.2f</td><td>%s</td><td>%s</td>"
            + "<td>%.2f</td><td>%.1f %%</td><td>%.0f %%</td></tr>%n",
        metric.name(), metric.forecast().mean(last), metric.unit(), Math.max(0, metric.forecast().lower(last)),
        metric.forecast().upper(last), limit(metric), saturation(metric, settings),
        metric.backtest().meanAbsoluteError(), 100 * metric.backtest().meanAbsolutePercentageError(),
        100 * metric.backtest().bandCoverage());
  }

  private static String limit(Metric metric) {
    return Double.isNaN(metric.limit()) ? "none set" : String.format("%.0f %s", metric.limit(), metric.unit());
  }

  private static String saturation(Metric metric, Settings settings) {
    if (Double.isNaN(metric.limit())) {
      return "-";
    }
    if (metric.stepsToLimit().isPresent()) {
      return String.format("in %.0f s (band: %.0f s)", metric.stepsToLimit().getAsInt() * settings.stepSeconds(),
          metric.earliestStepsToLimit().getAsInt() * settings.stepSeconds());
    }
    return metric.earliestStepsToLimit().isPresent()
        ? String.format("band reaches it in %.0f s", metric.earliestStepsToLimit().getAsInt() * settings.stepSeconds())
        : String.format("not within %.0f s", settings.horizonSteps() * settings.stepSeconds());
  }
}
