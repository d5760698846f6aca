package dev.monitoredinference.examples.search;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The main job: the search service ({@link SearchApplication}) started, then the scripted
 * {@link Scenario} run against it over HTTP, its report printed and written to {@code
 * report.txt} in the work directory.
 *
 * <pre>
 * mvn -q -pl monitored-inference-examples -am package exec:java -DskipTests [-Dexec.args="--serve"]
 * </pre>
 *
 * Arguments: {@code --serve} keeps serving after the scenario (port 8080 unless {@code --port N});
 * {@code --cpu} runs the encoder on the CPU only; {@code --scale F} scales the phases (tests use
 * 0.15); any {@code --property=value} goes to Spring.
 * Without {@code --serve} the service takes a free port and logs (JSON) to {@code demo.log.json}
 * in the work directory, errors only on the console, so that the report reads on its own.
 */
public final class SearchDemo {
  static final String LOG_FILE = "demo.log.json";

  private SearchDemo() {}

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    boolean serve = options.contains("--serve");
    System.out.println("monitored-inference search demo: loading the models and indexing the catalogue");
    ConfigurableApplicationContext context =
        SpringApplication.run(SearchApplication.class, springArguments(options, serve));
    DemoProperties properties = context.getBean(DemoProperties.class);
    RunningDemo demo = RunningDemo.of((WebServerApplicationContext) context);
    runScenario(demo, properties.scenario().scale());
    if (serve) {
      System.out.printf("%nserving on http://127.0.0.1:%d (search, events, admin, /actuator/health,"
          + " /actuator/prometheus); Ctrl-C stops%n", demo.port());
    } else {
      System.out.println("log: " + demo.work().resolve(LOG_FILE));
      context.close();
    }
  }

  private static void runScenario(RunningDemo demo, double scale) throws Exception {
    Path report = demo.work().resolve("report.txt");
    try (OutputStream file = Files.newOutputStream(report);
        PrintStream out = new PrintStream(new Tee(System.out, file), true, StandardCharsets.UTF_8)) {
      out.printf("  query encoder  %s%n  ranker         %s%n", demo.embedder().version(), demo.ranker().version());
      Scenario.run(demo, out, scale);
    }
    System.out.println("report: " + report);
  }

  /** The demo's short flags as Spring properties; everything else passes through. */
  static String[] springArguments(List<String> options, boolean serve) {
    List<String> spring = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      switch (options.get(i)) {
        case "--serve" -> { } // read by main
        case "--cpu" -> spring.add("--monitored-inference.models.minilm.device=cpu-only");
        case "--scale" -> spring.add("--demo.scenario.scale=" + options.get(++i));
        case "--port" -> spring.add("--server.port=" + options.get(++i));
        default -> spring.add(options.get(i));
      }
    }
    if (!serve) {
      // The terminal is the report's; the log lines go to a file in the work directory, as JSON.
      addUnlessSet(spring, "server.port", "0");
      addUnlessSet(spring, "logging.threshold.console", "error");
      addUnlessSet(spring, "logging.file.name", "${" + DemoWorkspace.PROPERTY + "}/" + LOG_FILE);
      addUnlessSet(spring, "logging.structured.format.file", "ecs");
    }
    return spring.toArray(String[]::new);
  }

  private static void addUnlessSet(List<String> spring, String property, String value) {
    if (spring.stream().noneMatch(argument -> argument.startsWith("--" + property + "="))) {
      spring.add("--" + property + "=" + value);
    }
  }

  /** Writes to the console and a file; closing it closes the file only. */
  private static final class Tee extends OutputStream {
    private final OutputStream console;
    private final OutputStream file;

    Tee(OutputStream console, OutputStream file) {
      this.console = console;
      this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
      console.write(b);
      file.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      console.write(bytes, offset, length);
      file.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      console.flush();
      file.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
      file.close();
    }
  }
}
