package dev.monitoredinference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shipped ops assets: the alert rules pass {@code promtool check rules} and their unit tests,
 * and every metric the rules and the Grafana dashboard query is one the library really exports.
 */
class OpsAssetsTest {
  private static final Path OPS = Path.of("ops");
  /** Metric names: the library's own, and Micrometer's Caffeine meters (not labels like cache_result). */
  private static final Pattern METRIC =
      Pattern.compile("\\b(monitored_inference_[a-z_]+|cache_(?:gets|puts|evictions|size)[a-z_]*)\\b");

  private static String run(Path binary, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(OPS.resolve("prometheus").toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  @Test
  void theAlertRules_passPromtoolsCheckAndTheirUnitTests() throws Exception {
    Path promtool = Binaries.find("promtool");
    Assumptions.assumeTrue(promtool != null,
        "no promtool on PATH: install the Debian package 'prometheus' (.ci/run does) to run this test");

    assertThat(run(promtool, "check", "rules", "alerts.yml")).contains("SUCCESS: 30 rules found");
    assertThat(run(promtool, "test", "rules", "alerts_test.yml")).contains("SUCCESS");
  }

  @Test
  void everyMetricTheRulesAndTheDashboardQuery_isExportedByTheLibrary() throws Exception {
    Set<String> exported = ExportedMetrics.sampleNames();
    Set<String> queried = new TreeSet<>();
    queried.addAll(metrics(Files.readString(OPS.resolve("prometheus/alerts.yml"))));
    for (String expr : dashboardExpressions()) {
      queried.addAll(metrics(expr));
    }

    assertThat(queried).as("metrics the ops assets query").hasSizeGreaterThan(15);
    assertThat(exported).as("sample names a fully featured model and embedder export").containsAll(queried);
  }

  private static Set<String> metrics(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** Every {@code expr} string anywhere in the dashboard JSON (panel targets and annotations). */
  private static List<String> dashboardExpressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(OPS.resolve("grafana/dashboard.json").toFile())) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME && parser.getCurrentName().equals("expr")) {
          parser.nextToken();
          expressions.add(parser.getText());
        }
      }
    }
    assertThat(expressions).as("dashboard expressions").hasSizeGreaterThan(15);
    return expressions;
  }
}
