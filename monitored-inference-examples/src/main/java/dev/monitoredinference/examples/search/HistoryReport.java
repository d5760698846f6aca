package dev.monitoredinference.examples.search;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The historical performance report: an HTML page with PNG charts (JFreeChart) of latency
 * percentiles, throughput and errors, and the query-embedding drift score over time, each with the
 * moments the ranker version changed marked; a capacity forecast ({@link CapacityForecast}) of
 * p95 latency, throughput and memory with its band, time to saturation and backtest; and the
 * per-second table underneath.
 */
final class HistoryReport {
  static final List<String> CHARTS = List.of("latency.png", "throughput.png", "drift.png", "quality.png");

  private HistoryReport() {}

  /** Writes {@code report.html} and the charts into {@code directory} (created if absent). */
  static Path write(Path directory, List<History.Window> windows, CapacityForecast.Settings settings)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(directory);
    chart(directory.resolve("latency.png"), "Latency (client side)", "ms", windows,
        series("p50", windows, History.Window::p50Ms), series("p95", windows, History.Window::p95Ms),
        series("p99", windows, History.Window::p99Ms));
    chart(directory.resolve("throughput.png"), "Throughput and errors", "requests per second", windows,
        series("requests/s", windows, w -> w.requests()), series("failed/s", windows, w -> w.failed()));
    chart(directory.resolve("drift.png"), "Query embedding drift (share of drifted projections)", "share",
        windows, series("drifted projections", windows, History.Window::drift));
    chart(directory.resolve("quality.png"), "Click-through of the serving ranker (sliding window)", "CTR@10",
        windows, series("CTR@10", windows, History.Window::ctr));
    List<CapacityForecast.Metric> forecasts = CapacityForecast.of(windows, settings);
    for (CapacityForecast.Metric metric : forecasts) {
      forecastChart(directory.resolve(forecastChart(metric)), metric, settings);
    }
    Path html = directory.resolve("report.html");
    Files.writeString(html, html(windows, forecasts, settings), StandardCharsets.UTF_8);
    return html;
  }

  /** The file name of a metric's forecast chart, e.g. {@code forecast-p95-latency.png}. */
  static String forecastChart(CapacityForecast.Metric metric) {
    return "forecast-" + metric.name().replace(' ', '-') + ".png";
  }

  private static void forecastChart(Path file, CapacityForecast.Metric metric,
      CapacityForecast.Settings settings) throws IOException {
    XYSeries history = new XYSeries("history");
    XYSeries mean = new XYSeries("forecast");
    XYSeries lower = new XYSeries("95 % band");
    XYSeries upper = new XYSeries("95 % band (upper)");
    double[] values = metric.history();
    for (int i = 0; i < values.length; i++) {
      history.add(i * settings.stepSeconds(), values[i]);
    }
    for (int h = 0; h < metric.forecast().horizon(); h++) {
      double x = (values.length + h) * settings.stepSeconds();
      mean.add(x, metric.forecast().mean(h));
      lower.add(x, metric.forecast().lower(h));
      upper.add(x, metric.forecast().upper(h));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    for (XYSeries s : List.of(history, mean, lower, upper)) {
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart("Forecast: " + metric.name(),
        "seconds since start", metric.unit(), data);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    if (!Double.isNaN(metric.limit())) {
      ValueMarker limit = new ValueMarker(metric.limit(), Color.RED, new BasicStroke(1f));
      limit.setLabel("limit");
      plot.addRangeMarker(limit);
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 320);
  }

  private static XYSeries series(String name, List<History.Window> windows,
      java.util.function.ToDoubleFunction<History.Window> value) {
    XYSeries series = new XYSeries(name);
    windows.forEach(w -> {
      double v = value.applyAsDouble(w);
      if (!Double.isNaN(v)) {
        series.add(w.second(), v);
      }
    });
    return series;
  }

  private static void chart(Path file, String title, String unit, List<History.Window> windows,
      XYSeries... series) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (XYSeries s : series) {
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds since start", unit, data);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    for (int i = 1; i < windows.size(); i++) {
      if (!windows.get(i).version().equals(windows.get(i - 1).version())) {
        ValueMarker marker = new ValueMarker(windows.get(i).second(), Color.GRAY, new BasicStroke(1f));
        marker.setLabel("ranker " + windows.get(i).version());
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        plot.addDomainMarker(marker);
      }
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 320);
  }

  private static String html(List<History.Window> windows, List<CapacityForecast.Metric> forecasts,
      CapacityForecast.Settings settings) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>monitored-inference search demo: history</title></head><body>\n"
        + "<h1>Search demo history</h1>\n<p>Grey lines mark ranker version changes.</p>\n");
    CHARTS.forEach(chart -> html.append("<p><img src=\"").append(chart).append("\" alt=\"")
        .append(chart).append("\"></p>\n"));
    if (!forecasts.isEmpty()) {
      html.append(String.format("<h2>Capacity forecast, %.0f s ahead</h2>%n", settings.horizonSteps() * settings.stepSeconds()))
          .append("<p>Holt–Winters on the history above; the band is 95 %. The backtest forecast the"
              + " last stretch of the history from what came before it.</p>\n"
              + "<table border=\"1\"><tr><th>metric</th><th>forecast at the horizon</th><th>band</th>"
              + "<th>limit</th><th>reaches the limit</th><th>backtest MAE</th><th>backtest MAPE</th>"
              + "<th>backtest in band</th></tr>\n");
      forecasts.forEach(metric -> html.append(CapacityForecast.row(metric, settings)));
      html.append("</table>\n");
      forecasts.forEach(metric -> html.append("<p><img src=\"").append(forecastChart(metric))
          .append("\" alt=\"").append(metric.name()).append(" forecast\"></p>\n"));
    }
    html.append("<table border=\"1\"><tr><th>second</th><th>requests</th><th>failed</th><th>p50 ms</th>"
        + "<th>p95 ms</th><th>p99 ms</th><th>drift</th><th>ranker</th><th>CTR@10</th></tr>\n");
    windows.forEach(w -> html.append(String.format(
        "<tr><td>%d</td><td>%d</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
        w.second(), w.requests(), w.failed(), w.p50Ms(), w.p95Ms(), w.p99Ms(),
        Double.isNaN(w.drift()) ? "-" : String.format("%.2f", w.drift()), w.version(),
        Double.isNaN(w.ctr()) ? "-" : String.format("%.3f", w.ctr()))));
    return html.append("</table>\n</body></html>\n").toString();
  }
}
