package dev.monitoredinference.authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.authentication.AuthenticationException.Reason;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.AccessDeniedException;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.VersionPin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The deployer's admin operations take a credential: forged, expired and replayed tokens are
 * refused and audited as {@code unauthenticated}, nothing changes, and no token reaches a message
 * or the audit log; accepted operations are audited under the verified principal.
 */
class AuthenticatedAdminTest {
  private static final byte[] SECRET = "the deployment's 32-byte secret!".getBytes(StandardCharsets.UTF_8);
  private static final Inputs ROW = Inputs.of("features", new float[][] {{1f, 2f}});

  @TempDir Path root;
  private final HmacBearerTokens tokens = HmacBearerTokens.create(SECRET);
  private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
  private @Nullable MonitoredModel model;

  @BeforeEach
  void build() throws IOException {
    for (int version = 1; version <= 2; version++) {
      byte[] onnx = TestModels.linearScorer(new float[] {1f, 1f}, version);
      Path directory = Files.createDirectories(root.resolve("ranker").resolve(String.valueOf(version)));
      Files.write(directory.resolve("model.onnx"), onnx);
      Files.writeString(directory.resolve("model.sha256"), Digests.sha256(onnx));
    }
    model = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.exact("1"))
        .admin(tokens, AdminAuthorizer.principals(Set.of("deploy-bot")), audit)
        .build();
  }

  @AfterEach
  void close() {
    model.close();
  }

  private String lastAuditLine() {
    return audit.lines().get(audit.lines().size() - 1);
  }

  /** Promote with {@code token} is refused for {@code reason}; version 1 still serves; audited. */
  private void assertRefused(String token, Reason reason) {
    int before = audit.lines().size();
    assertThatThrownBy(() -> model.deployer().promote(AdminCredential.bearer(token), "2"))
        .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
          assertThat(e.authenticationFailure()).contains(reason);
          assertThat(e.principal()).isEqualTo("unauthenticated");
          assertThat(e.getMessage()).isEqualTo("an unauthenticated caller may not promote model 'ranker':"
              + " authentication failed (" + reason.tagValue() + ")");
        });
    assertThat(model.predict(ROW).version().version()).isEqualTo("1");
    assertThat(audit.lines()).hasSize(before + 1);
    assertThat(lastAuditLine()).contains("\"principal\":\"unauthenticated\"", "\"action\":\"promote\"",
        "\"outcome\":\"DENIED\"", "\"reason\":\"authentication failed: " + reason.tagValue() + "\"");
    assertThat(String.join("\n", audit.lines())).doesNotContain(token);
  }

  @Test
  void validToken_promotes_auditedUnderItsVerifiedPrincipal() {
    String token = tokens.issue("deploy-bot", Duration.ofMinutes(1));

    assertThat(model.deployer().promote(AdminCredential.bearer(token), "2").version()).isEqualTo("2");
    assertThat(lastAuditLine()).contains("\"principal\":\"deploy-bot\"", "\"action\":\"promote\"", "\"outcome\":\"SUCCESS\"");
    assertThat(String.join("\n", audit.lines())).doesNotContain(token);
  }

  @Test
  void forgedToken_isRefusedAndAudited() {
    HmacBearerTokens attacker = HmacBearerTokens.create("not the deployment's secret, no.".getBytes(StandardCharsets.UTF_8));

    assertRefused(attacker.issue("deploy-bot", Duration.ofMinutes(1)), Reason.FORGED);
  }

  @Test
  void expiredToken_isRefusedAndAudited() {
    Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    HmacBearerTokens issuer = HmacBearerTokens.create(SECRET, HmacTokenConfig.ofDefaults(), anHourAgo);

    assertRefused(issuer.issue("deploy-bot", Duration.ofMinutes(5)), Reason.EXPIRED);
  }

  @Test
  void replayedToken_isRefusedAndAudited_afterItsFirstUse() {
    String token = tokens.issue("deploy-bot", Duration.ofMinutes(1));
    model.deployer().deploy(AdminCredential.bearer(token), "2"); // staged: accepted once

    assertRefused(token, Reason.REPLAYED);
  }

  @Test
  void refusedAndAcceptedTokens_neverReachAnyLog() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger auditLogger = (Logger) LoggerFactory.getLogger("dev.monitoredinference.audit");
    Level quieted = auditLogger.getLevel(); // WARN in logback-test.xml, to keep the build log short
    auditLogger.setLevel(Level.INFO);
    root.addAppender(logs);
    try {
      String accepted = tokens.issue("deploy-bot", Duration.ofMinutes(1));
      String forged = HmacBearerTokens.create("not the deployment's secret, no.".getBytes(StandardCharsets.UTF_8))
          .issue("deploy-bot", Duration.ofMinutes(1));
      model.deployer().deploy(AdminCredential.bearer(accepted), "2");
      for (String token : List.of(accepted, forged)) {
        assertThatThrownBy(() -> model.deployer().promote(AdminCredential.bearer(token), "2"))
            .isInstanceOf(AccessDeniedException.class);
      }

      assertThat(logs.list).hasSize(3); // the audit logger: one line per operation
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .allSatisfy(line -> assertThat(line).doesNotContain(accepted, forged));
    } finally {
      root.detachAppender(logs);
      auditLogger.setLevel(quieted);
    }
  }

  @Test
  void verifiedPrincipalTheHookRefuses_isDeniedUnderItsName() {
    String token = tokens.issue("intern", Duration.ofMinutes(1));

    assertThatThrownBy(() -> model.deployer().rollback(AdminCredential.bearer(token)))
        .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
          assertThat(e.authenticationFailure()).isEmpty();
          assertThat(e.getMessage()).isEqualTo("'intern' may not rollback model 'ranker'");
        });
    assertThat(lastAuditLine()).contains("\"principal\":\"intern\"", "\"outcome\":\"DENIED\"");
  }

  @Test
  void authenticatorThatThrows_refuses() throws IOException {
    model.close();
    model = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.exact("1"))
        .admin(credential -> {
          throw new IllegalStateException("directory down");
        }, AdminAuthorizer.principals(Set.of("deploy-bot")), audit)
        .build();

    assertThatThrownBy(() -> model.deployer().promote(AdminCredential.bearer("anything"), "2"))
        .isInstanceOfSatisfying(AccessDeniedException.class,
            e -> assertThat(e.authenticationFailure()).contains(Reason.REFUSED));
    assertThat(lastAuditLine()).contains("authentication failed: the authenticator threw IllegalStateException");
  }
}
