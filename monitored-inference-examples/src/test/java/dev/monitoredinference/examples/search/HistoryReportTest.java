package dev.monitoredinference.examples.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history report renders from recorded windows into an HTML page and three PNG charts. */
class HistoryReportTest {
  @TempDir Path directory;

  @Test
  void recordedHistory_becomesAPageWithChartsAndATable() throws Exception {
    List<History.Window> windows = new ArrayList<>();
    for (int second = 0; second < 30; second++) {
      String version = second < 10 ? "v1" : second < 20 ? "v1+v2" : "v2";
      windows.add(new History.Window(second, 200 + second, second == 15 ? 3 : 0, 8 + second % 3,
          20 + second, 35, second < 5 ? Double.NaN : second / 30.0, version, 500 + 2 * second,
          second < 3 ? Double.NaN : 0.3));
    }

    Path html = HistoryReport.write(directory, windows, CapacityForecast.Settings.perSecond());

    String page = Files.readString(html);
    assertThat(page).contains("<img src=\"latency.png\"", "<img src=\"throughput.png\"", "<img src=\"drift.png\"")
        .contains("<tr><td>15</td><td>215</td><td>3</td><td>8.00</td><td>35.00</td><td>35.00</td><td>0.50</td><td>v1+v2</td><td>0.300</td></tr>")
        .contains("<td>-</td><td>v1</td><td>-</td>");
    // p95 climbs 1 ms a second from 20 ms; the last (still filling) second is left out, so the
    // forecast starts from 48 ms at second 28 and reaches the 50 ms SLO 2 s later; memory and
    // throughput are straight lines too.
    assertThat(page).contains("<h2>Capacity forecast, 30 s ahead</h2>")
        .contains("<tr><td>p95 latency</td><td>78.00 ms</td><td>78.00 – 78.00</td><td>50 ms</td>"
            + "<td>in 2 s (band: 2 s)</td><td>0.00</td><td>0.0 %</td><td>100 %</td></tr>")
        .contains("<tr><td>resident memory</td><td>616.00 MB</td>")
        .contains("<td>none set</td><td>-</td>")
        .contains("<img src=\"forecast-p95-latency.png\"", "<img src=\"forecast-throughput.png\"",
            "<img src=\"forecast-resident-memory.png\"");
    List<String> charts = new ArrayList<>(HistoryReport.CHARTS);
    charts.addAll(List.of("forecast-p95-latency.png", "forecast-throughput.png", "forecast-resident-memory.png"));
    for (String chart : charts) {
      BufferedImage image = ImageIO.read(directory.resolve(chart).toFile());
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).isEqualTo(900);
      assertThat(image.getHeight()).isEqualTo(320);
    }
  }

  @Test
  void windows_summariseEachSecondsRequests_andCarryTheLastSample() {
    History history = new History();
    history.sample("v1", 0.25, 300_000_000L, 0.31);
    for (int i = 1; i <= 100; i++) {
      history.request(i * 1_000_000L, i != 50);
    }

    List<History.Window> windows = history.windows();

    assertThat(windows).hasSize(1);
    History.Window window = windows.get(0);
    assertThat(window.requests()).isEqualTo(100);
    assertThat(window.failed()).isEqualTo(1);
    assertThat(window.p50Ms()).isEqualTo(50.0);
    assertThat(window.p95Ms()).isEqualTo(95.0);
    assertThat(window.p99Ms()).isEqualTo(99.0);
    assertThat(window.drift()).isEqualTo(0.25);
    assertThat(window.version()).isEqualTo("v1");
    assertThat(window.residentMb()).isEqualTo(300.0);
    assertThat(window.ctr()).isEqualTo(0.31);
  }
}
