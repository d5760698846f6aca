package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one call is made, beyond its inputs: who makes it ({@link CallerId}, for abuse detection),
 * how a canary routes it ({@link RoutingKey}), its {@link Priority} for admission, and a timeout
 * that may lower the model's deadline. {@link MonitoredModel#predict(Inputs, CallOptions)} takes
 * them all in one value, so that a new per-call setting is a new method here rather than another
 * {@code predict} overload.
 *
 * <pre>{@code
 * CallOptions options = CallOptions.ofDefaults()
 *     .caller(CallerId.of(apiKeyId))
 *     .routingKey(RoutingKey.of(userId))
 *     .priority(Priority.INTERACTIVE)
 *     .timeout(Duration.ofMillis(50));
 * Prediction p = model.predict(inputs, options);
 * }</pre>
 *
 * <p>Immutable; each setter checks its argument and returns a new instance, so one value can be
 * shared by many calls.
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS =
      new CallOptions(CallerId.anonymous(), null, Priority.INTERACTIVE, null);

  private final CallerId caller;
  private final @Nullable RoutingKey routingKey;
  private final Priority priority;
  private final @Nullable Duration timeout;

  private CallOptions(CallerId caller, @Nullable RoutingKey routingKey, Priority priority,
      @Nullable Duration timeout) {
    this.caller = caller;
    this.routingKey = routingKey;
    this.priority = priority;
    this.timeout = timeout;
  }

  /** An anonymous, unrouted, interactive call with the model's own deadline. */
  public static CallOptions ofDefaults() {
    return DEFAULTS;
  }

  /** The call is made by {@code caller}. */
  public CallOptions caller(CallerId caller) {
    return new CallOptions(requireNonNull(caller, "caller"), routingKey, priority, timeout);
  }

  /** The call is routed by {@code key} while a canary runs (see {@link RoutingKey}). */
  public CallOptions routingKey(RoutingKey key) {
    return new CallOptions(caller, requireNonNull(key, "key"), priority, timeout);
  }

  /** The call's priority for admission control. */
  public CallOptions priority(Priority priority) {
    return new CallOptions(caller, routingKey, requireNonNull(priority, "priority"), timeout);
  }

  /**
   * The call must finish within {@code timeout}, or the model's deadline if shorter.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public CallOptions timeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, but was " + timeout);
    }
    return new CallOptions(caller, routingKey, priority, timeout);
  }

  /** Who makes the call; {@link CallerId#anonymous()} unless set. */
  public CallerId caller() {
    return caller;
  }

  /** The canary routing key; null unless set (unrouted calls split by chance). */
  public @Nullable RoutingKey routingKey() {
    return routingKey;
  }

  /** {@link Priority#INTERACTIVE} unless set. */
  public Priority priority() {
    return priority;
  }

  /** The call's own timeout; null unless set. */
  public @Nullable Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "CallOptions[caller " + caller.hashPrefix() + ", " + priority.tagValue()
        + (routingKey == null ? "" : ", routed") + (timeout == null ? "" : ", timeout " + timeout) + "]";
  }
}
