package dev.monitoredinference.abuse;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceException;
import java.util.List;

/**
 * A call was refused because its caller is flagged by abuse detection and the model enforces
 * {@link Enforcement#THROTTLE} (the caller is over its throttled rate) or {@link
 * Enforcement#REFUSE}. Nothing ran. The message names the model, the caller's hash prefix and
 * what it was flagged for, never the caller's id.
 */
public final class CallerRefusedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final transient CallerId caller;
  private final AbuseKind kind;
  private final Enforcement enforcement;

  CallerRefusedException(String modelName, CallerId caller, AbuseKind kind, Enforcement enforcement) {
    super(modelName, "model '" + modelName + "' refused a call of caller " + caller.hashPrefix()
        + ", flagged as " + kind.tagValue() + " (" + (enforcement == Enforcement.THROTTLE
            ? "throttled" : "refused") + ")", null);
    this.caller = requireNonNull(caller, "caller");
    this.kind = requireNonNull(kind, "kind");
    this.enforcement = requireNonNull(enforcement, "enforcement");
  }

  /** The refused caller. */
  public CallerId caller() {
    return caller;
  }

  /** What the caller is flagged for (the first flag that holds, in {@link AbuseKind} order). */
  public AbuseKind kind() {
    return kind;
  }

  /** {@link Enforcement#THROTTLE} or {@link Enforcement#REFUSE}. */
  public Enforcement enforcement() {
    return enforcement;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.CALLER_REFUSED;
  }

  /** {@code abuse_throttled} or {@code abuse_refused}. */
  @Override
  public List<String> rejectionReasons() {
    return List.of(enforcement == Enforcement.THROTTLE ? "abuse_throttled" : "abuse_refused");
  }
}
