package dev.monitoredinference;

import dev.monitoredinference.abuse.AbuseMonitor;
import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.circuit.CircuitBreaker;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.outcomes.OutcomeTracker;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the builder hands a {@link MonitoredModel} besides its chain: the features it exposes. */
record ModelParts(
    String name,
    AnomalyDetector anomalies,
    AbuseMonitor abuse,
    DriftMonitor drift,
    OutcomeTracker outcomes,
    @Nullable CircuitBreaker breaker,
    List<HealthContributor> health,
    List<ContextPropagating> propagators,
    List<InferenceInterceptor> applicationInterceptors,
    List<InferenceInterceptor> runtimeInterceptors,
    @Nullable Duration deadline,
    AutoCloseable onClose) {
  ModelParts {
    health = List.copyOf(health);
    propagators = List.copyOf(propagators);
    applicationInterceptors = List.copyOf(applicationInterceptors);
    runtimeInterceptors = List.copyOf(runtimeInterceptors);
  }
}
