package dev.monitoredinference.authentication;

import static java.util.Objects.requireNonNull;

/**
 * A credential was refused; {@link #reason()} says why. The message never contains the
 * credential.
 */
public final class AuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a credential was refused; {@link #tagValue()} is what the audit log records. */
  public enum Reason {
    /** Not a token of the expected form. */
    MALFORMED("malformed"),
    /** The signature does not match: another secret, or a changed token. */
    FORGED("forged"),
    /** Its expiry has passed. */
    EXPIRED("expired"),
    /** It expires later than the longest lifetime accepted. */
    LIFETIME_TOO_LONG("lifetime_too_long"),
    /** It was used before: each token authenticates once. */
    REPLAYED("replayed"),
    /** The memory of used tokens is full; refused rather than risking a replay. */
    REPLAY_CACHE_FULL("replay_cache_full"),
    /** Any other refusal by a custom authenticator. */
    REFUSED("refused");

    private final String tagValue;

    Reason(String tagValue) {
      this.tagValue = tagValue;
    }

    public String tagValue() {
      return tagValue;
    }
  }

  private final Reason reason;

  public AuthenticationException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
