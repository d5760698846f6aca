package dev.monitoredinference.examples.search;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The search service as a Spring Boot application: the models come from the starter's properties
 * ({@code application.yaml}), the embedders, the ranker's features and tracing from this
 * package's configurations, the API from its controllers; Actuator serves health, probes,
 * Prometheus and the {@code monitoredinference} endpoint.
 *
 * <p>{@link #main} only serves (a pod: {@code k8s/}); {@link SearchDemo} also runs the scenario
 * against it.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class SearchApplication {
  public static void main(String[] args) {
    SpringApplication.run(SearchApplication.class, args);
  }
}
