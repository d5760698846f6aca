package dev.monitoredinference.versioning;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceException;

/**
 * An admin operation (deploy, promote, rollback, retire) was refused by the authorisation hook.
 * Nothing changed; the refusal is in the audit log.
 */
public final class AccessDeniedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String principal;
  private final String action;

  public AccessDeniedException(String modelName, String principal, String action) {
    super(modelName, "'" + principal + "' may not " + action + " model '" + modelName + "'", null);
    this.principal = principal;
    this.action = action;
  }

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
