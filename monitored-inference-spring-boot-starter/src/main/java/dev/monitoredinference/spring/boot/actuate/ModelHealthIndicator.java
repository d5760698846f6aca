package dev.monitoredinference.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.health.HealthStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One model's health for Actuator. {@code UP} is {@code UP}; {@code DOWN} is {@code DOWN};
 * {@code DEGRADED} is {@code UP} with {@code state: DEGRADED} and the reasons in the details.
 *
 * <p>Why not a custom {@code DEGRADED} status: a degraded model still serves (on the CPU instead
 * of the GPU, through a fallback, with an anomaly firing), so the instance must stay in the load
 * balancer and the readiness probe must answer 200. Boot's aggregation and HTTP mapping know only
 * their own statuses; a custom one would need {@code status.order} and {@code http-mapping} set in
 * every application to be safe. {@code UP} with details is right with no configuration, and the
 * details still tell an operator what is wrong.
 */
public final class ModelHealthIndicator implements HealthIndicator {
  private final MonitoredModel model;

  public ModelHealthIndicator(MonitoredModel model) {
    this.model = requireNonNull(model, "model");
  }

  @Override
  public Health health() {
    HealthStatus status = model.health();
    Health.Builder health;
    switch (status.state()) {
      case UP:
        health = Health.up();
        break;
      case DEGRADED:
        health = Health.up().withDetail("reasons", status.reasons());
        break;
      default:
        health = Health.down().withDetail("reasons", status.reasons());
    }
    health.withDetail("state", status.state().name());
    if (!model.isClosed()) {
      health.withDetail("version", model.version().version())
          .withDetail("provider", model.version().executionProvider().tagValue());
    }
    return health.build();
  }
}
