package dev.monitoredinference.health;

/**
 * Something that has a say in a model's health: the circuit breaker, and any interceptor of the
 * model's chain that implements this interface (anomaly and drift alarms report this way). {@link
 * dev.monitoredinference.MonitoredModel#health()} combines them, worst first.
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
