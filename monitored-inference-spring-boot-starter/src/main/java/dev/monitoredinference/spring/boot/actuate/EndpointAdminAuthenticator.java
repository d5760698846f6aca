package dev.monitoredinference.spring.boot.actuate;

import dev.monitoredinference.authentication.AdminAuthenticator;
import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.authentication.AdminPrincipal;
import dev.monitoredinference.authentication.AuthenticationException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vouches for the callers of the {@code monitoredinference} endpoint's admin operations: Actuator
 * (the application's security, e.g. Spring Security) has already authenticated the caller, so the
 * endpoint asks this authenticator for a one-use credential bound to the caller's name and hands
 * it to {@code MonitoredModel.deployer()}, which turns it back into that principal, passes the
 * model's {@code AdminAuthorizer} and writes the audit log. A credential authenticates once; one
 * this authenticator did not issue is refused.
 *
 * <p>The starter sets it on each model with a repository ({@code MonitoredModelBuilder.admin})
 * when the admin operations are enabled and the application has an {@code AdminAuthorizer} and an
 * {@code AuditLog} bean. Thread-safe.
 */
public final class EndpointAdminAuthenticator implements AdminAuthenticator {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, AdminPrincipal> issued = new ConcurrentHashMap<>();

  /**
   * A credential that proves {@code principal} once.
   *
   * @throws IllegalArgumentException if the name is not a valid admin principal (1 to 64 of
   *     {@code A-Z a-z 0-9 . _ @ : -})
   */
  AdminCredential issue(String principal) {
    AdminPrincipal verified = AdminPrincipal.verified(principal);
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    issued.put(token, verified);
    return AdminCredential.bearer(token);
  }

  /** Drops a credential that was issued but, the operation having failed early, never used. */
  void revoke(AdminCredential credential) {
    issued.remove(credential.token());
  }

  @Override
  public AdminPrincipal authenticate(AdminCredential credential) {
    AdminPrincipal principal = issued.remove(credential.token());
    if (principal == null) {
      throw new AuthenticationException(AuthenticationException.Reason.REFUSED,
          "not a credential the monitoredinference endpoint issued, or one already used");
    }
    return principal;
  }

  @Override
  public String toString() {
    return "EndpointAdminAuthenticator[" + issued.size() + " pending]";
  }
}
