package dev.monitoredinference.spring.boot.properties;

import java.time.Duration;

/**
 * {@code monitored-inference.models.<name>.circuit-breaker.*}; Resilience4j's count-based
 * semantics and defaults (see {@code CircuitBreakerConfig}). A fallback is code: add it with a
 * {@code MonitoredModelCustomizer}.
 */
public class CircuitBreakerProperties {
  /** Whether the model has a circuit breaker. */
  private boolean enabled = false;

  /** The failure rate, in percent, at or above which the breaker opens (0 < rate <= 100). */
  private float failureRateThreshold = 50;

  /** How many of the latest calls' outcomes the failure rate is computed over. */
  private int slidingWindowSize = 100;

  /** How many outcomes the window needs before the rate can open the breaker. */
  private int minimumNumberOfCalls = 100;

  /** How long the breaker stays open before it lets probes through. */
  private Duration waitDurationInOpenState = Duration.ofSeconds(60);

  /** How many probes a half-open breaker lets through. */
  private int permittedCallsInHalfOpenState = 10;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public float getFailureRateThreshold() {
    return failureRateThreshold;
  }

  public void setFailureRateThreshold(float failureRateThreshold) {
    this.failureRateThreshold = failureRateThreshold;
  }

  public int getSlidingWindowSize() {
    return slidingWindowSize;
  }

  public void setSlidingWindowSize(int slidingWindowSize) {
    this.slidingWindowSize = slidingWindowSize;
  }

  public int getMinimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
    this.minimumNumberOfCalls = minimumNumberOfCalls;
  }

  public Duration getWaitDurationInOpenState() {
    return waitDurationInOpenState;
  }

  public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
    this.waitDurationInOpenState = waitDurationInOpenState;
  }

  public int getPermittedCallsInHalfOpenState() {
    return permittedCallsInHalfOpenState;
  }

  public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
    this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
  }
}
