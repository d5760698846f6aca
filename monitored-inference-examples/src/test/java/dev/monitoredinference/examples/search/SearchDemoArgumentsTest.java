package dev.monitoredinference.examples.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's short flags become Spring properties; a run that does not serve keeps the terminal for the report. */
class SearchDemoArgumentsTest {
  @Test
  void shortFlags_becomeProperties_andARunThatDoesNotServe_logsToAFileOnAFreePort() {
    assertThat(SearchDemo.springArguments(List.of("--cpu", "--scale", "0.2", "--demo.tracing.otlp-endpoint=http://c:4318"), false))
        .containsExactly("--monitored-inference.models.minilm.device=cpu-only", "--demo.scenario.scale=0.2",
            "--demo.tracing.otlp-endpoint=http://c:4318", "--server.port=0", "--logging.threshold.console=error",
            "--logging.file.name=${demo.work-directory}/demo.log.json", "--logging.structured.format.file=ecs");
  }

  @Test
  void serving_keepsThePortAndTheConsoleLog() {
    assertThat(SearchDemo.springArguments(List.of("--serve", "--port", "9090"), true))
        .containsExactly("--server.port=9090");
    assertThat(SearchDemo.springArguments(List.of("--serve"), true)).isEmpty();
  }

  @Test
  void aPortGivenWithoutServing_wins() {
    assertThat(SearchDemo.springArguments(List.of("--port", "9090"), false))
        .startsWith("--server.port=9090").doesNotContain("--server.port=0");
  }
}
