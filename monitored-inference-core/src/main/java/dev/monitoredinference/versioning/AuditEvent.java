package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.JsonLine;
import org.jspecify.annotations.Nullable;

/**
 * One admin operation and how it ended, as written to the {@link AuditLog}: who, what, on which
 * model, from which version to which (with digests), the outcome and the reason.
 */
public final class AuditEvent {
  /** How an admin operation ended. */
  public enum Outcome {
    SUCCESS, DENIED, FAILED
  }

  private final String principal;
  private final String action;
  private final String model;
  private final @Nullable ModelVersion from;
  private final @Nullable ModelVersion to;
  private final Outcome outcome;
  private final String reason;

  private AuditEvent(String principal, String action, String model, @Nullable ModelVersion from,
      @Nullable ModelVersion to, Outcome outcome, String reason) {
    this.principal = requireNonNull(principal, "principal");
    this.action = requireNonNull(action, "action");
    this.model = requireNonNull(model, "model");
    this.from = from;
    this.to = to;
    this.outcome = requireNonNull(outcome, "outcome");
    this.reason = requireNonNull(reason, "reason");
  }

  /** An event; {@code from} / {@code to} are null where the operation had none (a failed load). */
  public static AuditEvent of(String principal, String action, String model, @Nullable ModelVersion from,
      @Nullable ModelVersion to, Outcome outcome, String reason) {
    return new AuditEvent(principal, action, model, from, to, outcome, reason);
  }

  public String principal() {
    return principal;
  }

  public String action() {
    return action;
  }

  public Outcome outcome() {
    return outcome;
  }

  public String reason() {
    return reason;
  }

  /** The event as a JSON line with its place in the log ({@code seq}, {@code time}), still open. */
  JsonLine toJson(long seq, String time) {
    JsonLine json = JsonLine.event("monitored.inference.admin").number("seq", seq).string("time", time)
        .string("principal", principal).string("action", action).string("model", model);
    if (from != null) {
      json.string("from", from.version()).string("from_digest", from.digest());
    }
    if (to != null) {
      json.string("to", to.version()).string("to_digest", to.digest());
    }
    return json.string("outcome", outcome.name()).string("reason", reason);
  }

  @Override
  public String toString() {
    return principal + " " + action + " " + model + ": " + outcome + " (" + reason + ")";
  }
}
