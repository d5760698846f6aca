package dev.monitoredinference.authentication;

import static java.util.Objects.requireNonNull;

/**
 * What an admin caller presents, e.g. the bearer token of an {@code Authorization} header. It
 * proves nothing by itself: the deployer passes it to its {@link AdminAuthenticator}. Its {@link
 * #toString()} never shows the secret, so it can be logged by mistake without leaking.
 *
 * <pre>{@code
 * model.deployer().promote(AdminCredential.bearer(headerValue.substring("Bearer ".length())), "8");
 * }</pre>
 */
public final class AdminCredential {
  private final String token;

  private AdminCredential(String token) {
    this.token = token;
  }

  /**
   * A bearer token.
   *
   * @throws IllegalArgumentException if {@code token} is blank or longer than 4,096 characters
   */
  public static AdminCredential bearer(String token) {
    requireNonNull(token, "token");
    if (token.isBlank() || token.length() > 4096) {
      throw new IllegalArgumentException("a bearer token must have 1 to 4096 characters, but has " + token.length());
    }
    return new AdminCredential(token);
  }

  /** The secret itself, for an authenticator to check; never log it. */
  public String token() {
    return token;
  }

  @Override
  public String toString() {
    return "AdminCredential[bearer, redacted]";
  }
}
