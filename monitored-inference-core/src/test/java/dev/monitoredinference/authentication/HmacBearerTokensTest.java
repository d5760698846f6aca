package dev.monitoredinference.authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.authentication.AuthenticationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the HMAC verifier accepts and refuses, on a clock the test moves. */
class HmacBearerTokensTest {
  private static final byte[] SECRET = "the deployment's 32-byte secret!".getBytes(StandardCharsets.UTF_8);

  /** A clock that moves only when told to. */
  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-12-03T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final TestClock clock = new TestClock();
  private final HmacBearerTokens tokens = HmacBearerTokens.create(SECRET, HmacTokenConfig.ofDefaults(), clock);

  private Reason refusal(String token) {
    try {
      tokens.authenticate(AdminCredential.bearer(token));
      throw new AssertionError("accepted");
    } catch (AuthenticationException e) {
      assertThat(e.getMessage()).doesNotContain(token);
      return e.reason();
    }
  }

  @Test
  void issuedToken_provesItsPrincipal_once() {
    String token = tokens.issue("deploy-bot", Duration.ofMinutes(1));

    assertThat(tokens.authenticate(AdminCredential.bearer(token))).isEqualTo(AdminPrincipal.verified("deploy-bot"));
    assertThat(refusal(token)).isEqualTo(Reason.REPLAYED);
  }

  @Test
  void tokenFromAnotherSecret_isForged() {
    HmacBearerTokens other = HmacBearerTokens.create("another deployment's 32-byte key".getBytes(StandardCharsets.UTF_8),
        HmacTokenConfig.ofDefaults(), clock);

    assertThat(refusal(other.issue("deploy-bot", Duration.ofMinutes(1)))).isEqualTo(Reason.FORGED);
  }

  @Test
  void tokenWithItsPrincipalRewritten_isForged() {
    String token = tokens.issue("intern", Duration.ofMinutes(1));
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String rewritten = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("intern", "deploy-bot").getBytes(StandardCharsets.UTF_8));

    assertThat(refusal(parts[0] + "." + rewritten + "." + parts[2])).isEqualTo(Reason.FORGED);
  }

  @Test
  void tokenPastItsExpiry_isExpired_evenIfNeverUsed() {
    String token = tokens.issue("deploy-bot", Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(60));

    assertThat(refusal(token)).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void tokenLivingLongerThanTheLimit_isRefused() {
    HmacBearerTokens lenient = HmacBearerTokens.create(SECRET, HmacTokenConfig.ofDefaults().maxLifetime(Duration.ofHours(1)), clock);

    assertThat(refusal(lenient.issue("deploy-bot", Duration.ofMinutes(30)))).isEqualTo(Reason.LIFETIME_TOO_LONG);
    assertThatThrownBy(() -> tokens.issue("deploy-bot", Duration.ofMinutes(6)))
        .hasMessage("lifetime must be > 0 and <= PT5M, but was PT6M");
  }

  @Test
  void garbage_isMalformed() {
    assertThat(refusal("Bearer abc")).isEqualTo(Reason.MALFORMED);
    assertThat(refusal("mi1.%%%.%%%")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void fullReplayCache_refusesNewTokens_untilUsedOnesExpire() {
    HmacBearerTokens small = HmacBearerTokens.create(SECRET, HmacTokenConfig.ofDefaults().replayCacheSize(2), clock);
    small.authenticate(AdminCredential.bearer(small.issue("a", Duration.ofSeconds(30))));
    small.authenticate(AdminCredential.bearer(small.issue("b", Duration.ofSeconds(30))));
    String third = small.issue("c", Duration.ofMinutes(2));

    assertThatThrownBy(() -> small.authenticate(AdminCredential.bearer(third)))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REPLAY_CACHE_FULL));
    clock.advance(Duration.ofSeconds(30)); // the two used tokens expire and are forgotten
    assertThat(small.authenticate(AdminCredential.bearer(third)).name()).isEqualTo("c");
  }

  @Test
  void settingsAndSecrets_areCheckedAtOnce_andNeverShown() {
    assertThatThrownBy(() -> HmacBearerTokens.create(new byte[31]))
        .hasMessage("secret must have at least 32 bytes, but has 31");
    assertThatThrownBy(() -> tokens.issue("deploy bot", Duration.ofMinutes(1)))
        .hasMessage("a principal must be 1 to 64 of [A-Za-z0-9._@:-], but was 'deploy bot'");
    assertThatThrownBy(() -> HmacTokenConfig.ofDefaults().replayCacheSize(0))
        .hasMessage("replayCacheSize must be > 0, but was 0");
    String token = tokens.issue("deploy-bot", Duration.ofMinutes(1));
    assertThat(AdminCredential.bearer(token)).hasToString("AdminCredential[bearer, redacted]");
    assertThat(tokens.toString()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
  }
}
