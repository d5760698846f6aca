package dev.monitoredinference;

import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.authentication.HmacBearerTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Admin credentials for tests: real HMAC tokens, a fresh one per operation (each is single-use). */
public final class Admins {
  /** The authenticator test models are built with. */
  public static final HmacBearerTokens TOKENS =
      HmacBearerTokens.create("a test secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8));

  private Admins() {}

  /** A new credential proving {@code principal}. */
  public static AdminCredential as(String principal) {
    return AdminCredential.bearer(TOKENS.issue(principal, Duration.ofMinutes(1)));
  }
}
