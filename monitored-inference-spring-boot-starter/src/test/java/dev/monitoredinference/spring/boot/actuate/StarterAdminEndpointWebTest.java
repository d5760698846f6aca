package dev.monitoredinference.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.RankerRepository;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The admin operations over HTTP in a real application on a random port: the caller's principal
 * (set here by a filter standing in for Spring Security) reaches the model's authorizer and the
 * audit log; without the opt-in the operations are not there.
 */
class StarterAdminEndpointWebTest {
  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class AdminApplication {
    @Bean
    AdminAuthorizer adminAuthorizer() {
      return AdminAuthorizer.principals(Set.of("ops"));
    }

    @Bean
    AuditLog auditLog() {
      return AuditLog.inMemory(Clock.systemUTC());
    }

    /** Authenticates the header X-User's value, as the application's security would. */
    @Bean
    Filter headerAuthentication() {
      return (request, response, chain) -> {
        String user = ((HttpServletRequest) request).getHeader("X-User");
        chain.doFilter(user == null ? request
            : new HttpServletRequestWrapper((HttpServletRequest) request) {
              @Override
              public Principal getUserPrincipal() {
                return () -> user;
              }
            }, response);
      };
    }
  }

  private ConfigurableApplicationContext start(boolean admin) {
    return new SpringApplicationBuilder(AdminApplication.class).properties(
        "server.port=0",
        "spring.main.banner-mode=off",
        "monitored-inference.models.ranker.repository=" + RankerRepository.writeTo(dir),
        "monitored-inference.models.ranker.pin=1",
        "monitored-inference.endpoint.admin.enabled=" + admin,
        "management.endpoints.web.exposure.include=monitoredinference").run();
  }

  @Test
  void allowedCaller_promotes_refusedCaller_gets403() throws Exception {
    try (ConfigurableApplicationContext application = start(true)) {
      MonitoredModel ranker = application.getBean("ranker", MonitoredModel.class);

      HttpResponse<String> refused = post(application, "/ranker/promote", "intruder",
          "{\"version\":\"2\"}");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body())
          .isEqualTo("{\"error\":\"'intruder' may not promote model 'ranker'\"}");
      assertThat(ranker.version().version()).isEqualTo("1");

      HttpResponse<String> allowed = post(application, "/ranker/promote", "ops",
          "{\"version\":\"2\"}");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).contains("\"version\":\"2\"");
      assertThat(ranker.version().version()).isEqualTo("2");

      List<String> audit = application.getBean(AuditLog.class).lines();
      assertThat(audit).hasSize(2);
      assertThat(audit.get(0)).contains("\"principal\":\"intruder\"", "\"outcome\":\"DENIED\"");
      assertThat(audit.get(1)).contains("\"principal\":\"ops\"", "\"outcome\":\"SUCCESS\"");
    }
  }

  @Test
  void canary_takesTheShareFromTheJsonBody_andEndTrialEndsIt() throws Exception {
    try (ConfigurableApplicationContext application = start(true)) {
      HttpResponse<String> canary = post(application, "/ranker/canary", "ops",
          "{\"version\":\"2\",\"share\":0.25}");
      assertThat(canary.statusCode()).isEqualTo(200);
      assertThat(post(application, "/ranker/end-trial", "ops", "{}").statusCode()).isEqualTo(200);
      assertThat(application.getBean(AuditLog.class).lines())
          .extracting(line -> line.replaceAll(".*\"action\":\"([a-z_]+)\".*\"outcome\":\"([A-Z]+)\".*", "$1 $2"))
          .containsExactly("canary SUCCESS", "end_trial SUCCESS");
    }
  }

  @Test
  void withoutTheOptIn_thereAreNoAdminOperations() throws Exception {
    try (ConfigurableApplicationContext application = start(false)) {
      HttpResponse<String> response = post(application, "/ranker/promote", "ops",
          "{\"version\":\"2\"}");
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(post(application, "/ranker", "ops", "{}").statusCode()).isEqualTo(405);
      assertThat(application.getBean("ranker", MonitoredModel.class).version().version())
          .isEqualTo("1");
      assertThat(application.getBean(AuditLog.class).lines()).isEmpty();
    }
  }

  private static HttpResponse<String> post(ConfigurableApplicationContext application, String path,
      String user, String body) throws Exception {
    String base = "http://localhost:"
        + application.getEnvironment().getProperty("local.server.port")
        + "/actuator/monitoredinference";
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("X-User", user).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
