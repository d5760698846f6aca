package dev.monitoredinference.health;

/**
 * Something that has a say in a model's health: the anomaly detector, the circuit breaker, drift
 * ({@code DriftConfigBuilder.degradeHealthAbove}) and memory headroom, registered by the builder,
 * and anything added with {@code MonitoredModelBuilder.addHealthContributor}. {@link
 * dev.monitoredinference.MonitoredModel#health()} combines them (the worst state wins, every reason
 * is kept) with what it checks itself: a device fallback and the deployer's last failure.
 *
 * <pre>{@code
 * final class LatencyAlarm implements InferenceInterceptor, HealthContributor {
 *   public HealthStatus health() {
 *     return firing ? HealthStatus.degraded("p99 latency above 50 ms for 5 min") : HealthStatus.up();
 *   }
 *   ...
 * }
 * LatencyAlarm alarm = new LatencyAlarm();
 * MonitoredModel.builder("ranker").addInterceptor(alarm).addHealthContributor(alarm)
 * }</pre>
 *
 * <p>Called from health checks on any thread; must be thread-safe, cheap and must not block.
 */
@FunctionalInterface
public interface HealthContributor {
  /** The status now. */
  HealthStatus health();
}
