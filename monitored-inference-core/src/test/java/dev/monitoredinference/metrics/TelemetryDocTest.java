package dev.monitoredinference.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The telemetry reference ({@code docs/telemetry.md}, "Meters") and {@link InferenceMeter} name the
 * same meters: a meter added, renamed or removed in code fails here until the doc follows.
 */
class TelemetryDocTest {
  private static final Path DOC = Path.of("..", "docs", "telemetry.md");
  private static final Pattern METER_NAME = Pattern.compile("monitored\\.inference(?:\\.[a-z_]+)+");
  private static final Pattern FIRST_CELL = Pattern.compile("^\\| `([^`]+)` \\|");

  @Test
  void everyMeter_hasItsOwnRowInTheReference() throws IOException {
    assertThat(rowNames()).containsExactlyInAnyOrderElementsOf(meterNames());
  }

  @Test
  void theMetersSection_namesNoMeterTheCodeLacks() throws IOException {
    Set<String> mentioned = new TreeSet<>();
    Matcher names = METER_NAME.matcher(String.join("\n", metersSection()));
    while (names.find()) {
      mentioned.add(names.group());
    }
    assertThat(mentioned).isNotEmpty().isSubsetOf(meterNames());
  }

  private static Set<String> meterNames() {
    return Arrays.stream(InferenceMeter.values())
        .map(InferenceMeter::meterName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The first cell of every table row of the "Meters" section that names one of ours. */
  private static List<String> rowNames() throws IOException {
    return metersSection().stream()
        .map(FIRST_CELL::matcher)
        .filter(Matcher::find)
        .map(row -> row.group(1))
        .filter(name -> name.startsWith("monitored.inference."))
        .collect(Collectors.toList());
  }

  /** The lines from "## Meters" up to the next second-level heading. */
  private static List<String> metersSection() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int start = lines.indexOf("## Meters");
    assertThat(start).as("a '## Meters' heading in %s", DOC).isNotNegative();
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }
}
