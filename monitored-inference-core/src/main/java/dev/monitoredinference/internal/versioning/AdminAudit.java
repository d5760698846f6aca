package dev.monitoredinference.internal.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.authentication.AdminAuthenticator;
import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.authentication.AuthenticationException;
import dev.monitoredinference.versioning.AccessDeniedException;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditEvent;
import dev.monitoredinference.versioning.AuditLog;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The authenticator, the authorisation hook and audit log of one model's admin operations, and the last failure
 * they leave for {@code health()}. Thread-safe.
 */
public final class AdminAudit {
  /** The audited principal of a credential that proved none. */
  static final String UNAUTHENTICATED = "unauthenticated";

  private final String model;
  private final AdminAuthenticator authenticator;
  private final AdminAuthorizer authorizer;
  private final AuditLog log;
  private volatile @Nullable String lastFailure;

  AdminAudit(String model, AdminAuthenticator authenticator, AdminAuthorizer authorizer, AuditLog log) {
    this.model = model;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.log = log;
  }

  /**
   * Authenticates {@code credential}, then passes {@code action} by its principal through the
   * hook; an authenticator or hook that throws anything else refuses too. Neither the credential
   * nor the authenticator's message reaches the audit log: only the reason's tag.
   *
   * @return the verified principal, to audit the operation under
   * @throws AccessDeniedException if refused (audited as {@code DENIED})
   */
  String authorize(AdminCredential credential, String action) {
    requireNonNull(credential, "credential");
    String principal;
    try {
      principal = requireNonNull(authenticator.authenticate(credential), "the authenticator returned no principal")
          .name();
    } catch (AuthenticationException e) {
      record(UNAUTHENTICATED, action, null, null, AuditEvent.Outcome.DENIED,
          "authentication failed: " + e.reason().tagValue());
      throw new AccessDeniedException(model, action, e.reason());
    } catch (RuntimeException e) {
      record(UNAUTHENTICATED, action, null, null, AuditEvent.Outcome.DENIED,
          "authentication failed: the authenticator threw " + e.getClass().getSimpleName());
      throw new AccessDeniedException(model, action, AuthenticationException.Reason.REFUSED);
    }
    boolean allowed;
    try {
      allowed = authorizer.allows(principal, action, model);
    } catch (RuntimeException e) {
      allowed = false; // a failing hook refuses
    }
    if (!allowed) {
      record(principal, action, null, null, AuditEvent.Outcome.DENIED, "refused by the authorisation hook");
      throw new AccessDeniedException(model, principal, action);
    }
    return principal;
  }

  /** Audits {@code failure} of {@code action}, remembers it for health, and returns it to throw. */
  RuntimeException fail(String principal, String action, @Nullable ModelVersion from,
      @Nullable ModelVersion to, RuntimeException failure) {
    lastFailure = action + " failed: " + failure.getMessage();
    record(principal, action, from, to, AuditEvent.Outcome.FAILED, String.valueOf(failure.getMessage()));
    return failure;
  }

  /** Writes one audit event. */
  void record(String principal, String action, @Nullable ModelVersion from,
      @Nullable ModelVersion to, AuditEvent.Outcome outcome, String reason) {
    log.record(AuditEvent.of(principal, action, model, from, to, outcome, reason));
  }

  /** Remembers {@code why} as the last failure, until an operation succeeds. */
  void failed(String why) {
    lastFailure = why;
  }

  /** An operation succeeded: health forgets the last failure. */
  void succeeded() {
    lastFailure = null;
  }

  Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }
}
