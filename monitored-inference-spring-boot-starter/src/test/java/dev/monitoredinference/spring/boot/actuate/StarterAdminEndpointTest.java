package dev.monitoredinference.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.spring.boot.MonitoredInferenceAutoConfiguration;
import dev.monitoredinference.spring.boot.RankerModelFile;
import dev.monitoredinference.spring.boot.RankerRepository;
import dev.monitoredinference.spring.boot.actuate.MonitoredInferenceAdminEndpoint.AdminRefusal;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The endpoint's admin operations: absent unless enabled; each one the model's authorizer decides
 * for the caller Actuator authenticated, and the audit log records.
 */
class StarterAdminEndpointTest {
  private static final String RANKER = "monitored-inference.models.ranker.";

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MonitoredInferenceAutoConfiguration.class,
            MonitoredInferenceEndpointAutoConfiguration.class))
        .withBean(AdminAuthorizer.class, () -> AdminAuthorizer.principals(Set.of("ops")))
        .withBean(AuditLog.class, () -> AuditLog.inMemory(Clock.systemUTC()))
        .withPropertyValues("management.endpoints.web.exposure.include=monitoredinference",
            RANKER + "repository=" + RankerRepository.writeTo(dir), RANKER + "pin=1");
  }

  private ApplicationContextRunner enabled() {
    return runner().withPropertyValues("monitored-inference.endpoint.admin.enabled=true");
  }

  @Test
  void byDefault_theEndpointIsReadOnly_andModelsHaveNoAdmin() {
    runner().run(context -> {
      assertThat(context).hasSingleBean(MonitoredInferenceEndpoint.class)
          .doesNotHaveBean(MonitoredInferenceAdminEndpoint.class)
          .doesNotHaveBean(EndpointAdminAuthenticator.class);
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      assertThat(org.assertj.core.api.Assertions.catchThrowable(ranker::deployer))
          .isInstanceOf(IllegalStateException.class);
    });
  }

  @Test
  void allowedCaller_promotes_andTheAuditLogSaysWho() {
    enabled().run(context -> {
      WebEndpointResponse<Object> response = endpoint(context)
          .admin("ranker", "promote", "2", null, callerNamed("ops"));
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(((ModelDescriptor) response.getBody()).version()).isEqualTo("2");
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      assertThat(ranker.predict(RankerModelFile.INPUTS).floatArray("score")[0])
          .isEqualTo(RankerRepository.SCORE_2);
      assertThat(lastAuditLine(context)).contains("\"principal\":\"ops\"",
          "\"action\":\"promote\"", "\"from\":\"1\"", "\"to\":\"2\"", "\"outcome\":\"SUCCESS\"");
    });
  }

  @Test
  void refusedCaller_is403_nothingChanges_andTheRefusalIsAudited() {
    enabled().run(context -> {
      WebEndpointResponse<Object> response = endpoint(context)
          .admin("ranker", "promote", "2", null, callerNamed("intruder"));
      assertThat(response.getStatus()).isEqualTo(403);
      assertThat(response.getBody())
          .isEqualTo(new AdminRefusal("'intruder' may not promote model 'ranker'"));
      assertThat(context.getBean("ranker", MonitoredModel.class).version().version())
          .isEqualTo("1");
      assertThat(lastAuditLine(context)).contains("\"principal\":\"intruder\"",
          "\"outcome\":\"DENIED\"");
    });
  }

  @Test
  void unauthenticatedCaller_is403_andAuditedAsUnauthenticated() {
    enabled().run(context -> {
      WebEndpointResponse<Object> response = endpoint(context)
          .admin("ranker", "rollback", null, null, callerNamed(null));
      assertThat(response.getStatus()).isEqualTo(403);
      assertThat(((AdminRefusal) response.getBody()).error()).isEqualTo(
          "an unauthenticated caller may not rollback model 'ranker': authentication failed (refused)");
      assertThat(lastAuditLine(context)).contains("\"principal\":\"unauthenticated\"",
          "\"outcome\":\"DENIED\"");
    });
  }

  @Test
  void canary_endTrial_promote_rollback_allAsTheCaller() {
    enabled().run(context -> {
      MonitoredInferenceAdminEndpoint endpoint = endpoint(context);
      MonitoredModel ranker = context.getBean("ranker", MonitoredModel.class);
      assertThat(endpoint.admin("ranker", "canary", "2", 0.5, callerNamed("ops")).getStatus())
          .isEqualTo(200);
      assertThat(endpoint.admin("ranker", "end-trial", null, null, callerNamed("ops")).getStatus())
          .isEqualTo(200);
      assertThat(endpoint.admin("ranker", "promote", "2", null, callerNamed("ops")).getStatus())
          .isEqualTo(200);
      assertThat(ranker.version().version()).isEqualTo("2");
      assertThat(endpoint.admin("ranker", "rollback", null, null, callerNamed("ops")).getStatus())
          .isEqualTo(200);
      assertThat(ranker.version().version()).isEqualTo("1");
      assertThat(context.getBean(AuditLog.class).lines())
          .allSatisfy(line -> assertThat(line).contains("\"principal\":\"ops\""))
          .extracting(line -> line.replaceAll(".*\"action\":\"([a-z_]+)\".*", "$1"))
          .containsExactly("canary", "end_trial", "promote", "rollback");
    });
  }

  @Test
  void badRequests_areAnsweredWithoutTouchingTheModel() {
    enabled().run(context -> {
      MonitoredInferenceAdminEndpoint endpoint = endpoint(context);
      assertThat(endpoint.admin("ranker", "promote", null, null, callerNamed("ops")))
          .satisfies(r -> assertThat(r.getStatus()).isEqualTo(400))
          .satisfies(r -> assertThat(r.getBody())
              .isEqualTo(new AdminRefusal("this operation needs \"version\" in the body")));
      assertThat(endpoint.admin("ranker", "delete", null, null, callerNamed("ops")).getStatus())
          .isEqualTo(404);
      assertThat(endpoint.admin("absent", "rollback", null, null, callerNamed("ops")).getStatus())
          .isEqualTo(404);
      assertThat(endpoint.admin("ranker", "rollback", null, null, callerNamed("ops")).getStatus())
          .isEqualTo(409); // no version served before
      assertThat(context.getBean("ranker", MonitoredModel.class).version().version())
          .isEqualTo("1");
    });
  }

  @Test
  void aModelFromAFile_hasNoAdmin_409() {
    enabled().withPropertyValues(RANKER + "repository=", RANKER + "file="
        + RankerModelFile.writeTo(dir)).run(context -> {
          WebEndpointResponse<Object> response = endpoint(context)
              .admin("ranker", "rollback", null, null, callerNamed("ops"));
          assertThat(response.getStatus()).isEqualTo(409);
        });
  }

  private static MonitoredInferenceAdminEndpoint endpoint(AssertableApplicationContext context) {
    return context.getBean(MonitoredInferenceAdminEndpoint.class);
  }

  private static String lastAuditLine(AssertableApplicationContext context) {
    List<String> lines = context.getBean(AuditLog.class).lines();
    assertThat(lines).isNotEmpty();
    return lines.get(lines.size() - 1);
  }

  private static SecurityContext callerNamed(@Nullable String name) {
    return new SecurityContext() {
      @Override
      public @Nullable Principal getPrincipal() {
        return name == null ? null : () -> name;
      }

      @Override
      public boolean isUserInRole(String role) {
        return false;
      }
    };
  }
}
