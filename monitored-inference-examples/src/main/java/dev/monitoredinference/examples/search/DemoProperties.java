package dev.monitoredinference.examples.search;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo's own settings, {@code demo.*}; the models' are the starter's
 * ({@code monitored-inference.models.*}).
 *
 * @param workDirectory where the ranker repository, the encoder, the audit log and the reports
 *     live; a fresh temporary directory when unset ({@link DemoWorkspace})
 * @param scenario the scripted scenario ({@link SearchDemo} only)
 * @param tracing trace export
 */
@ConfigurationProperties("demo")
public record DemoProperties(Path workDirectory, @DefaultValue Scenario scenario,
    @DefaultValue Tracing tracing) {

  /**
   * The scripted scenario {@link SearchDemo} runs against the service once it serves.
   *
   * @param scale scales each phase's duration (tests use 0.15); the decision phases run until the
   *     rollback guard or the promotion watch decides, whatever the scale
   */
  public record Scenario(@DefaultValue("1") double scale) {}

  /**
   * Trace export over OTLP/HTTP.
   *
   * @param otlpEndpoint the collector's base URL, e.g. {@code http://collector:4318}; unset, no
   *     exporter is made
   * @param serviceName the {@code service.name} resource attribute
   */
  public record Tracing(@Nullable String otlpEndpoint, @DefaultValue("search-demo") String serviceName) {}
}
