package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.abuse.AbuseListener;
import dev.monitoredinference.abuse.AbuseMonitor;
import dev.monitoredinference.anomaly.AnomalyDetector;
import dev.monitoredinference.circuit.CircuitBreaker;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.internal.assembly.ChainPlan;
import dev.monitoredinference.internal.assembly.SignatureCheck;
import dev.monitoredinference.internal.assembly.VersionAssembly;
import dev.monitoredinference.internal.call.Stage;
import dev.monitoredinference.internal.metrics.AbuseMeters;
import dev.monitoredinference.internal.metrics.ModelMetrics;
import dev.monitoredinference.internal.metrics.OutcomeMeters;
import dev.monitoredinference.internal.metrics.VersionMetrics;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.resources.MemoryHeadroom;
import dev.monitoredinference.runtime.ModelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The second half of {@link MonitoredModelBuilder#build()}, once the first version is loaded: the
 * model's own parts (anomaly detector, breaker, drift, outcomes, abuse, meters, health) and the
 * chain plan every version is assembled from, in the order of the builder's documentation.
 * Reads the builder's settings; what it opened is closed again if assembly fails.
 */
final class ModelAssembly {
  private ModelAssembly() {}

  static MonitoredModel assemble(MonitoredModelBuilder builder, ModelRuntime loaded) {
    String name = builder.name;
    // Fails here, before any meter exists, if a rule names no input.
    builder.schema.bind(loaded.version());
    AtomicReference<MonitoredModel> built = new AtomicReference<>();
    Supplier<ModelVersion> serving =
        () -> built.get() != null ? built.get().version() : loaded.version();
    AnomalyDetector detector = builder.anomalies == null
        ? AnomalyDetector.disabled()
        : builder.anomalies.detector(name, serving, builder.alertListeners);
    CircuitBreaker breaker = builder.circuitBreaker == null
        ? null : CircuitBreaker.of(name, builder.circuitBreaker);
    DriftMonitor driftMonitor = builder.drift == null
        ? DriftMonitor.disabled() : builder.drift.monitor(name, builder.driftListeners);
    OutcomeTracker tracker = builder.outcomes == null
        ? OutcomeTracker.disabled() : OutcomeTracker.create(builder.outcomes);
    ModelMetrics metrics;
    AbuseMeters abuseMeters;
    try {
      metrics = builder.registry == null ? null : ModelMetrics.register(builder.registry, name);
      abuseMeters = builder.registry == null || builder.abuse == null
          ? null : AbuseMeters.register(builder.registry, name);
    } catch (RuntimeException e) {
      driftMonitor.close();
      throw e;
    }
    OutcomeMeters outcomeMeters = metrics != null && builder.outcomes != null
        ? OutcomeMeters.forModel(requireNonNull(builder.registry), name, tracker) : null;
    List<AbuseListener> hearAbuse = new ArrayList<>(builder.abuseListeners);
    if (abuseMeters != null) {
      hearAbuse.add(abuseMeters);
    }
    AbuseMonitor abuseMonitor = builder.abuse == null
        ? AbuseMonitor.disabled() : builder.abuse.monitor(name, hearAbuse);
    AutoCloseable onClose = () -> {
      driftMonitor.close();
      abuseMonitor.close();
      if (abuseMeters != null) {
        abuseMeters.close();
      }
      if (outcomeMeters != null) {
        outcomeMeters.close();
      }
      if (metrics != null) {
        metrics.close();
      }
    };
    try {
      ChainPlan plan = new ChainPlan().addAll(Stage.APPLICATION, builder.applicationInterceptors);
      List<HealthContributor> health = new ArrayList<>(builder.healthContributors);
      if (builder.resources != null) {
        health.add(MemoryHeadroom.of(builder.resources));
      }
      if (metrics != null) {
        plan.add(Stage.REQUEST_METRICS, metrics.requestTiming())
            .add(Stage.REQUEST_METRICS, metrics.outcomes())
            .perVersion(Stage.RUN_METRICS, (version, onRetire) -> {
              VersionMetrics versionMetrics = metrics.forVersion(version,
                  () -> serving.get().version().equals(version.version()));
              onRetire.add(versionMetrics);
              if (builder.outcomes != null) {
                onRetire.add(OutcomeMeters.forVersion(requireNonNull(builder.registry), name,
                    version.version(), tracker));
              }
              return versionMetrics.runTiming();
            });
      }
      if (builder.anomalies != null) {
        plan.add(Stage.ANOMALY, detector.interceptor());
        health.add(detector::health);
        if (metrics != null) {
          metrics.watchAnomalies(detector);
        }
      }
      if (builder.abuse != null) {
        plan.add(Stage.ABUSE, abuseMonitor.interceptor(name));
        if (abuseMeters != null) {
          abuseMeters.watch(abuseMonitor);
        }
      }
      if (breaker != null) {
        plan.add(Stage.CIRCUIT_BREAKER, breaker);
        health.add(breaker);
        if (metrics != null) {
          metrics.trackCircuitState(() -> breaker.state().gaugeValue());
        }
      }
      if (builder.admission != null) {
        plan.add(Stage.ADMISSION, builder.admission.interceptor(name));
      }
      plan.add(Stage.SIGNATURE, SignatureCheck.of(builder.schema.allowsEmptyTensors()));
      if (!builder.schema.isSignatureOnly()) {
        plan.perVersion(Stage.VALIDATION, (version, onRetire) -> builder.schema.bind(version));
      }
      if (builder.drift != null) {
        // After validation: only valid inputs are sketched; it sees the outputs too.
        plan.add(Stage.DRIFT, driftMonitor.interceptor());
        health.add(driftMonitor::health);
        if (metrics != null) {
          metrics.watchDrift(driftMonitor, loaded.version().version());
        }
      }
      plan.addAll(Stage.RUNTIME, builder.runtimeInterceptors);
      VersionAssembly assembly = new VersionAssembly(name, plan);
      ModelParts parts = new ModelParts(name, detector, abuseMonitor, driftMonitor, tracker,
          breaker, health, builder.contextPropagators, builder.applicationInterceptors,
          builder.runtimeInterceptors, builder.deadline, onClose);
      MonitoredModel model = new MonitoredModel(parts, assembly.assemble(loaded), assembly);
      built.set(model);
      return model;
    } catch (RuntimeException e) {
      try {
        onClose.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
