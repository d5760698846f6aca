package dev.monitoredinference.runtime;

import static java.util.Objects.requireNonNull;

/** A record that a model asked for one execution provider and runs on another, and why. */
public final class DeviceFallback {
  private final ExecutionProvider from;
  private final ExecutionProvider to;
  private final FallbackReason reason;
  private final String cause;

  private DeviceFallback(
      ExecutionProvider from, ExecutionProvider to, FallbackReason reason, String cause) {
    this.from = requireNonNull(from, "from");
    this.to = requireNonNull(to, "to");
    this.reason = requireNonNull(reason, "reason");
    this.cause = requireNonNull(cause, "cause");
  }

  /** A fallback from {@code from} to {@code to}; {@code cause} is the runtime's own message. */
  public static DeviceFallback of(
      ExecutionProvider from, ExecutionProvider to, FallbackReason reason, String cause) {
    return new DeviceFallback(from, to, reason, cause);
  }

  /** The provider that was asked for. */
  public ExecutionProvider from() {
    return from;
  }

  /** The provider in use instead. */
  public ExecutionProvider to() {
    return to;
  }

  /** The classified reason. */
  public FallbackReason reason() {
    return reason;
  }

  /** The runtime's error message that caused the fallback. */
  public String cause() {
    return cause;
  }

  @Override
  public String toString() {
    return from.tagValue() + " -> " + to.tagValue() + " (" + reason.tagValue() + "): " + cause;
  }
}
