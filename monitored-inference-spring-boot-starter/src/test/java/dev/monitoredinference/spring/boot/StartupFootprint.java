package dev.monitoredinference.spring.boot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Prints what the starter costs an application at start-up: a web application with Actuator and
 * Prometheus, with no model ({@code none}), the tiny ranker ({@code ranker}) or the real MiniLM as
 * an embedder's own encoder ({@code minilm}). Reports the context's start time, the JVM's uptime
 * when ready, the heap in use after a full GC, and the process's resident set (Linux). Run one
 * set-up per JVM so that each starts cold:
 *
 * <pre>
 * java -cp "$(cat /tmp/starter-cp.txt):target/test-classes:target/classes" \
 *     dev.monitoredinference.spring.boot.StartupFootprint ranker
 * </pre>
 */
public final class StartupFootprint {
  private StartupFootprint() {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class FootprintApplication {}

  public static void main(String[] args) throws IOException {
    String setup = args.length > 0 ? args[0] : "ranker";
    Path dir = Files.createTempDirectory("footprint");
    List<String> properties = new ArrayList<>(List.of("server.port=0",
        "spring.main.banner-mode=off", "logging.level.root=warn",
        "management.endpoints.web.exposure.include=health,prometheus,monitoredinference"));
    if (setup.equals("ranker")) {
      properties.add("monitored-inference.models.ranker.file=" + RankerModelFile.writeTo(dir));
    } else if (setup.equals("minilm")) {
      MiniLmFiles minilm = MiniLmFiles.writeTo(dir);
      properties.add("monitored-inference.embedders.query.file=" + minilm.model());
      properties.add("monitored-inference.embedders.query.tokenizer=" + minilm.tokenizer());
    } else if (!setup.equals("none")) {
      throw new IllegalArgumentException("set-up must be none, ranker or minilm, but was " + setup);
    }
    long start = System.nanoTime();
    try (ConfigurableApplicationContext application =
        new SpringApplicationBuilder(FootprintApplication.class)
            .properties(properties.toArray(String[]::new)).run()) {
      long startMillis = (System.nanoTime() - start) / 1_000_000;
      long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
      System.out.printf("set-up %s: context started in %d ms (JVM up %d ms); heap used after GC"
          + " %.1f MiB, non-heap %.1f MiB, RSS %s%n", setup, startMillis, uptime,
          heap / 1048576.0, nonHeap / 1048576.0, residentSetSize());
    }
  }

  private static String residentSetSize() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "n/a (no /proc)";
    }
    return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmRSS:"))
        .map(line -> line.substring("VmRSS:".length()).trim()).findFirst().orElse("n/a");
  }
}
