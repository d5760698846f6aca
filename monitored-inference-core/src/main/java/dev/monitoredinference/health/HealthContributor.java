package dev.monitoredinference.health;

/**
 * Something that has a say in a model's health: the circuit breaker, and any interceptor added to
 * the model's chain ({@code addInterceptor}, {@code addRuntimeInterceptor}) that implements this
 * interface. {@link dev.monitoredinference.MonitoredModel#health()} combines them (the worst state
 * wins, every reason is kept) with what it checks itself: a device fallback, the deployer's last
 * failure and the anomaly detector's anomalous signals (the detector is not a contributor). Drift
 * does not report here: it has no say in health.
 *
 * <pre>{@code
 * final class LatencyAlarm implements InferenceInterceptor, HealthContributor {
 *   public HealthStatus health() {
 *     return firing ? HealthStatus.degraded("p99 latency above 50 ms for 5 min") : HealthStatus.up();
 *   }
 *   ...
 * }
 * }</pre>
 *
 * <p>Called from health checks on any thread; must be thread-safe, cheap and must not block.
 */
@FunctionalInterface
public interface HealthContributor {
  /** The status now. */
  HealthStatus health();
}
