package dev.monitoredinference.health;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A health verdict with the reasons for it: {@link HealthState#UP} has none, {@link
 * HealthState#DEGRADED} and {@link HealthState#DOWN} have at least one, each saying what is wrong
 * (the {@link ModelHealthRegistry} prefixes the model's name). Immutable.
 *
 * <pre>{@code
 * HealthStatus status = model.health();
 * if (status.state() != HealthState.UP) {
 *   log.warn("{} is {}: {}", model.name(), status.state(), status.reasons());
 * }
 * }</pre>
 */
public final class HealthStatus {
  private static final HealthStatus UP = new HealthStatus(HealthState.UP, List.of());

  private final HealthState state;
  private final List<String> reasons;

  private HealthStatus(HealthState state, List<String> reasons) {
    this.state = state;
    this.reasons = reasons;
  }

  /** Serving as configured. */
  public static HealthStatus up() {
    return UP;
  }

  /**
   * Serving worse than configured, because of {@code reason}.
   *
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public static HealthStatus degraded(String reason) {
    return new HealthStatus(HealthState.DEGRADED, List.of(checked(reason)));
  }

  /**
   * Not serving, because of {@code reason}.
   *
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public static HealthStatus down(String reason) {
    return new HealthStatus(HealthState.DOWN, List.of(checked(reason)));
  }

  /**
   * Asks {@code contributor}, guarded: one that throws or returns null reads as {@link
   * HealthState#DEGRADED} with a reason naming its class, so a broken check can neither fail a
   * readiness probe nor take a serving model out of traffic.
   */
  public static HealthStatus of(HealthContributor contributor) {
    requireNonNull(contributor, "contributor");
    try {
      HealthStatus status = contributor.health();
      if (status != null) {
        return status;
      }
      return degraded("health check " + contributor.getClass().getName() + " returned null");
    } catch (RuntimeException e) {
      return degraded("health check " + contributor.getClass().getName() + " failed: " + e);
    }
  }

  /**
   * The worst state of {@code statuses} with the reasons of every one that is not up, in order;
   * {@link #up()} for none.
   */
  public static HealthStatus worstOf(List<HealthStatus> statuses) {
    HealthState worst = HealthState.UP;
    List<String> reasons = new ArrayList<>();
    for (HealthStatus status : statuses) {
      if (status.state.compareTo(worst) > 0) {
        worst = status.state;
      }
      reasons.addAll(status.reasons);
    }
    return worst == HealthState.UP ? UP : new HealthStatus(worst, List.copyOf(reasons));
  }

  public HealthState state() {
    return state;
  }

  /** Why the state is not {@link HealthState#UP}; empty when it is. */
  public List<String> reasons() {
    return reasons;
  }

  /** Whether traffic should be sent here: up or degraded, not down. */
  public boolean isReady() {
    return state != HealthState.DOWN;
  }

  /** This status with each reason prefixed by {@code prefix}, e.g. a model's name. */
  HealthStatus prefixed(String prefix) {
    if (reasons.isEmpty()) {
      return this;
    }
    List<String> named = new ArrayList<>(reasons.size());
    reasons.forEach(reason -> named.add(prefix + reason));
    return new HealthStatus(state, List.copyOf(named));
  }

  private static String checked(String reason) {
    requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank, but was '" + reason + "'");
    }
    return reason;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HealthStatus
        && ((HealthStatus) other).state == state
        && ((HealthStatus) other).reasons.equals(reasons);
  }

  @Override
  public int hashCode() {
    return state.hashCode() * 31 + reasons.hashCode();
  }

  @Override
  public String toString() {
    return reasons.isEmpty() ? state.toString() : state + " " + reasons;
  }
}
