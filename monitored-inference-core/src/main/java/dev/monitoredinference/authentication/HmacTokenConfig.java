package dev.monitoredinference.authentication;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of {@link HmacBearerTokens}: the longest lifetime a token may claim (5 minutes unless
 * set) and how many used tokens are remembered to refuse replays (100,000 unless set). Tokens
 * are remembered until they expire, so the memory needed is the admin-call rate times the
 * lifetime; when it is full, new tokens are refused ({@code replay_cache_full}), never let
 * through unchecked. About 100 bytes per remembered token. Immutable.
 *
 * <pre>{@code
 * HmacTokenConfig.ofDefaults().maxLifetime(Duration.ofMinutes(2)).replayCacheSize(10_000)
 * }</pre>
 */
public final class HmacTokenConfig {
  private final Duration maxLifetime;
  private final int replayCacheSize;

  private HmacTokenConfig(Duration maxLifetime, int replayCacheSize) {
    this.maxLifetime = maxLifetime;
    this.replayCacheSize = replayCacheSize;
  }

  /** A lifetime of at most 5 minutes, 100,000 remembered tokens. */
  public static HmacTokenConfig ofDefaults() {
    return new HmacTokenConfig(Duration.ofMinutes(5), 100_000);
  }

  /**
   * The longest lifetime a token may have; one that expires later is refused.
   *
   * @throws IllegalArgumentException unless between 1 second and 1 day
   */
  public HmacTokenConfig maxLifetime(Duration lifetime) {
    requireNonNull(lifetime, "lifetime");
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("maxLifetime must be between 1 s and 1 day, but was " + lifetime);
    }
    return new HmacTokenConfig(lifetime, replayCacheSize);
  }

  /**
   * How many unexpired used tokens are remembered.
   *
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  public HmacTokenConfig replayCacheSize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("replayCacheSize must be > 0, but was " + size);
    }
    return new HmacTokenConfig(maxLifetime, size);
  }

  public Duration maxLifetime() {
    return maxLifetime;
  }

  public int replayCacheSize() {
    return replayCacheSize;
  }

  @Override
  public String toString() {
    return "HmacTokenConfig[maxLifetime=" + maxLifetime + ", replayCacheSize=" + replayCacheSize + "]";
  }
}
