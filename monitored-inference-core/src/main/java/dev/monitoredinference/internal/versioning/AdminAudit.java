package dev.monitoredinference.internal.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.versioning.AccessDeniedException;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditEvent;
import dev.monitoredinference.versioning.AuditLog;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The authorisation hook and audit log of one model's admin operations, and the last failure
 * they leave for {@code health()}. Thread-safe.
 */
public final class AdminAudit {
  private final String model;
  private final AdminAuthorizer authorizer;
  private final AuditLog log;
  private volatile @Nullable String lastFailure;

  AdminAudit(String model, AdminAuthorizer authorizer, AuditLog log) {
    this.model = model;
    this.authorizer = authorizer;
    this.log = log;
  }

  /**
   * Passes {@code action} by {@code principal} through the hook; a hook that throws refuses.
   *
   * @throws AccessDeniedException if refused (audited as {@code DENIED})
   */
  void authorize(String principal, String action) {
    requireNonNull(principal, "principal");
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
