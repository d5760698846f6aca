package dev.monitoredinference.authentication;

/**
 * Turns an {@link AdminCredential} into a verified {@link AdminPrincipal}, or refuses it. The
 * deployer calls it before every admin operation and audits a refusal as {@code DENIED} under
 * the principal {@code unauthenticated}. Shipped: {@link HmacBearerTokens}; an application with
 * its own identity system (OIDC, a service mesh, Spring Security) implements this one method.
 * Must be thread-safe; it runs on the admin caller's thread, never on the inference path.
 */
@FunctionalInterface
public interface AdminAuthenticator {
  /**
   * The principal {@code credential} proves.
   *
   * @throws AuthenticationException if it proves none; its message must not contain the credential
   */
  AdminPrincipal authenticate(AdminCredential credential);
}
