package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.Mix64;
import org.jspecify.annotations.Nullable;

/**
 * Who a call is for, as far as canary routing cares: calls with equal keys go to the same version
 * while a canary's share is unchanged. Typically a user, session or tenant id.
 *
 * <pre>{@code
 * Prediction p = model.predict(inputs, RoutingKey.of(userId));
 * }</pre>
 *
 * <p>The key is hashed once, here, to a point in [0, 1); a canary at share {@code s} serves the
 * keys whose point is below {@code s}. Raising the share therefore keeps every key that was on the
 * candidate there. The hash (the key's UTF-16 {@code String.hashCode} run through the 64-bit
 * MurmurHash3 finaliser) is stable across JVMs and releases. The key itself is never recorded
 * anywhere: not in meters, spans, logs or the audit log. Immutable.
 */
public final class RoutingKey {
  private final double point;

  private RoutingKey(double point) {
    this.point = point;
  }

  /**
   * The routing key for {@code key}.
   *
   * @throws IllegalArgumentException if {@code key} is empty
   */
  public static RoutingKey of(String key) {
    requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    return new RoutingKey(pointOf(Mix64.of(key.hashCode())));
  }

  /** Where the key falls in [0, 1); a canary at share {@code s} takes points below {@code s}. */
  public double point() {
    return point;
  }

  /** The 53 high bits of {@code bits} as a fraction in [0, 1). */
  private static double pointOf(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }


  /** Keys are equal when they hash to the same point, i.e. when they always route alike. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RoutingKey && ((RoutingKey) other).point == point;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(point);
  }

  @Override
  public String toString() {
    return "RoutingKey[point=" + point + "]";
  }
}
