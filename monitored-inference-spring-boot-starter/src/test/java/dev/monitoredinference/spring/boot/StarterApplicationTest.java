package dev.monitoredinference.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.health.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Boot application on a random port with two models from properties: health, the
 * Kubernetes probes, the endpoint and the Prometheus scrape, over HTTP.
 */
class StarterApplicationTest {
  /** What the model "switchable" reports through a customizer's health contributor. */
  static final AtomicReference<HealthStatus> switchable = new AtomicReference<>(HealthStatus.up());

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final JsonMapper json = JsonMapper.builder().build();
  private static ConfigurableApplicationContext application;
  private static Path dir;
  private static String base;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class InferenceApplication {
    @Bean
    MonitoredModelCustomizer switchableHealth() {
      return (name, builder) -> {
        if (name.equals("switchable")) {
          builder.addHealthContributor(switchable::get);
        }
      };
    }
  }

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("starter-app");
    Path file = RankerModelFile.writeTo(dir);
    application = new SpringApplicationBuilder(InferenceApplication.class).properties(
        "server.port=0",
        "spring.main.banner-mode=off",
        "monitored-inference.models.ranker.file=" + file,
        "monitored-inference.models.ranker.circuit-breaker.enabled=true",
        "monitored-inference.models.ranker.drift.enabled=true",
        "monitored-inference.models.ranker.drift.outputs=score",
        "monitored-inference.models.ranker.drift.baseline-samples=100",
        "monitored-inference.models.switchable.file=" + file,
        "management.endpoints.web.exposure.include=health,prometheus,monitoredinference",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.probes.enabled=true").run();
    base = "http://localhost:" + application.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() throws IOException {
    MonitoredModel ranker = application.getBean("ranker", MonitoredModel.class);
    application.close();
    assertThat(ranker.isClosed()).isTrue();
    Files.walk(dir).sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
  }

  @AfterEach
  void upAgain() {
    switchable.set(HealthStatus.up());
  }

  @Test
  void health_showsEachModel() throws Exception {
    HttpResponse<String> response = get("/actuator/health");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode models = json.readTree(response.body()).at("/components/monitoredInference");
    assertThat(models.at("/status").asString()).isEqualTo("UP");
    assertThat(models.at("/components/ranker/status").asString()).isEqualTo("UP");
    assertThat(models.at("/components/ranker/details/version").asString()).isEqualTo("1");
    assertThat(models.at("/components/ranker/details/provider").asString()).isEqualTo("cpu");
    assertThat(models.at("/components/switchable/details/state").asString()).isEqualTo("UP");
  }

  @Test
  void probes_bothUp_whileTheModelsAre() throws Exception {
    HttpResponse<String> readiness = get("/actuator/health/readiness");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(json.readTree(readiness.body()).at("/status").asString()).isEqualTo("UP");
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  @Test
  void modelDown_readinessIs503_livenessStays200() throws Exception {
    switchable.set(HealthStatus.down("circuit breaker OPEN after runtime failures; calls are refused"));
    // Boot's probe groups show no components, so the status code is what Kubernetes sees.
    HttpResponse<String> readiness = get("/actuator/health/readiness");
    assertThat(readiness.statusCode()).isEqualTo(503);
    assertThat(json.readTree(readiness.body()).at("/status").asString()).isEqualTo("DOWN");
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(json.readTree(get("/actuator/health").body())
        .at("/components/monitoredInference/components/switchable/details/reasons/0").asString())
        .isEqualTo("circuit breaker OPEN after runtime failures; calls are refused");
  }

  @Test
  void modelDegraded_staysReady_withTheReasonInTheDetails() throws Exception {
    switchable.set(HealthStatus.degraded("anomaly: latency"));
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    JsonNode model = json.readTree(get("/actuator/health/monitoredInference/switchable").body());
    assertThat(model.at("/status").asString()).isEqualTo("UP");
    assertThat(model.at("/details/state").asString()).isEqualTo("DEGRADED");
    assertThat(model.at("/details/reasons/0").asString()).isEqualTo("anomaly: latency");
  }

  @Test
  void endpoint_listsModels_versionsProvidersBreakerAndDrift() throws Exception {
    HttpResponse<String> response = get("/actuator/monitoredinference");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode models = json.readTree(response.body()).at("/models");
    assertThat(names(models)).containsExactly("ranker", "switchable");
    JsonNode ranker = models.at("/ranker");
    MonitoredModel bean = application.getBean("ranker", MonitoredModel.class);
    assertThat(ranker.at("/version").asString()).isEqualTo("1");
    assertThat(ranker.at("/digest").asString()).isEqualTo(bean.version().digest());
    assertThat(ranker.at("/provider").asString()).isEqualTo("cpu");
    assertThat(ranker.at("/fallback").isNull()).isTrue();
    assertThat(ranker.at("/health").asString()).isEqualTo("UP");
    assertThat(ranker.at("/circuitBreaker").asString()).isEqualTo("CLOSED");
    assertThat(ranker.at("/drift/status").asString()).isEqualTo("CAPTURING_BASELINE");
    assertThat(models.at("/switchable/drift/status").asString()).isEqualTo("DISABLED");
  }

  @Test
  void endpoint_oneModel_or404() throws Exception {
    HttpResponse<String> ranker = get("/actuator/monitoredinference/ranker");
    assertThat(ranker.statusCode()).isEqualTo(200);
    assertThat(json.readTree(ranker.body()).at("/version").asString()).isEqualTo("1");
    assertThat(get("/actuator/monitoredinference/absent").statusCode()).isEqualTo(404);
  }

  @Test
  void prometheus_scrape_hasTheModelsSeries() throws Exception {
    MonitoredModel switchableModel = application.getBean("switchable", MonitoredModel.class);
    for (int i = 0; i < 3; i++) {
      switchableModel.predict(RankerModelFile.INPUTS);
    }
    HttpResponse<String> response = get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    List<PrometheusSample> samples = PrometheusSample.parse(response.body());
    double calls = samples.stream()
        .filter(s -> s.name().equals("monitored_inference_request_duration_seconds_count"))
        .filter(s -> "switchable".equals(s.labels().get("model")))
        .mapToDouble(PrometheusSample::value).sum();
    assertThat(calls).isEqualTo(3.0);
    // Each call is also an Observation (Boot's registry is present), but not a second timer.
    assertThat(samples).noneMatch(s -> s.name().startsWith("monitored_inference_call"));
    assertThat(samples).filteredOn(s -> s.name().equals("monitored_inference_model_info"))
        .extracting(s -> s.labels().get("model"))
        .containsExactlyInAnyOrder("ranker", "switchable");
  }

  private static List<String> names(JsonNode object) {
    return List.copyOf(object.propertyNames());
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
