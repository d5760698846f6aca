package dev.monitoredinference.versioning;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.authentication.AuthenticationException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An admin operation (deploy, promote, rollback, retire, canary, shadow, end_trial) was refused:
 * its credential proved no principal ({@link #authenticationFailure()} says why; {@link
 * #principal()} is {@code unauthenticated}), or the authorisation hook refused the principal.
 * Nothing changed; the refusal is in the audit log. The message never contains the credential.
 */
public final class AccessDeniedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String principal;
  private final String action;
  private final AuthenticationException.@Nullable Reason authenticationFailure;

  /** The hook refused the verified {@code principal}. */
  public AccessDeniedException(String modelName, String principal, String action) {
    super(modelName, "'" + principal + "' may not " + action + " model '" + modelName + "'", null);
    this.principal = principal;
    this.action = action;
    this.authenticationFailure = null;
  }

  /** The credential proved no principal, for {@code reason}. */
  public AccessDeniedException(String modelName, String action, AuthenticationException.Reason reason) {
    super(modelName, "an unauthenticated caller may not " + action + " model '" + modelName
        + "': authentication failed (" + reason.tagValue() + ")", null);
    this.principal = "unauthenticated";
    this.action = action;
    this.authenticationFailure = reason;
  }

  /** Why the credential was refused; empty when the hook refused a verified principal. */
  public Optional<AuthenticationException.Reason> authenticationFailure() {
    return Optional.ofNullable(authenticationFailure);
  }

  /** The verified principal the hook refused, or {@code unauthenticated}. */
  public String principal() {
    return principal;
  }

  /** The refused action, e.g. {@code promote}. */
  public String action() {
    return action;
  }

  /** Admin calls are not inference calls; recorded as {@code _OTHER} if one ever reaches a timer. */
  @Override
  public ErrorType errorType() {
    return ErrorType.OTHER;
  }
}
