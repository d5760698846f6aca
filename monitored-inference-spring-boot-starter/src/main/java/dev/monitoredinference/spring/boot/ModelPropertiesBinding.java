package dev.monitoredinference.spring.boot;

import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.admission.AdmissionConfig;
import dev.monitoredinference.anomaly.AnomalyConfig;
import dev.monitoredinference.circuit.CircuitBreakerConfig;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.drift.DriftConfigBuilder;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.spring.boot.properties.AdmissionProperties;
import dev.monitoredinference.spring.boot.properties.AnomalyProperties;
import dev.monitoredinference.spring.boot.properties.CircuitBreakerProperties;
import dev.monitoredinference.spring.boot.properties.DriftProperties;
import dev.monitoredinference.spring.boot.properties.ModelProperties;
import dev.monitoredinference.spring.boot.properties.MonitoredInferenceProperties;
import dev.monitoredinference.validation.InputSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Applies one model's properties to its builder. Every value passes through the library's own
 * checks, and a failure names the property ({@link InvalidProperty}).
 */
final class ModelPropertiesBinding {
  private final String prefix;
  private final ModelProperties properties;

  ModelPropertiesBinding(String modelName, ModelProperties properties) {
    this.prefix = MonitoredInferenceProperties.PREFIX + ".models." + modelName + ".";
    this.properties = properties;
  }

  void applyTo(MonitoredModelBuilder builder) {
    ModelSource.apply(prefix, properties.getFile(), properties.getRepository(),
        properties.getPin(), builder);
    String digest = properties.getExpectDigest();
    if (digest != null) {
      InvalidProperty.check(prefix + "expect-digest", digest, () -> builder.expectDigest(digest));
    }
    builder.device(device());
    Duration deadline = properties.getDeadline();
    if (deadline != null) {
      InvalidProperty.check(prefix + "deadline", deadline, () -> builder.deadline(deadline));
    }
    if (properties.getShutdownTimeout().isNegative()) {
      throw InvalidProperty.of(prefix + "shutdown-timeout", properties.getShutdownTimeout(),
          "must be >= 0");
    }
    builder.validate(properties.getValidation().isEnabled()
        ? InputSchema.fromModel() : InputSchema.signatureOnly());
    if (properties.getAdmission().isEnabled()) {
      builder.admission(admission(properties.getAdmission()));
    }
    if (properties.getCircuitBreaker().isEnabled()) {
      builder.circuitBreaker(circuitBreaker(properties.getCircuitBreaker()));
    }
    if (properties.getAnomalies().isEnabled()) {
      builder.anomalies(anomalies(properties.getAnomalies()));
    }
    if (properties.getDrift().isEnabled()) {
      builder.drift(drift(properties.getDrift()));
    }
  }

  private DevicePolicy device() {
    int gpu = properties.getGpuId();
    switch (properties.getDevice()) {
      case PREFER_GPU:
        return InvalidProperty.check(prefix + "gpu-id", gpu, () -> DevicePolicy.preferGpu(gpu));
      case REQUIRE_GPU:
        return InvalidProperty.check(prefix + "gpu-id", gpu, () -> DevicePolicy.requireGpu(gpu));
      default:
        return DevicePolicy.cpuOnly();
    }
  }

  private AdmissionConfig admission(AdmissionProperties p) {
    String at = prefix + "admission.";
    AdmissionConfig limited = InvalidProperty.check(at + "max-concurrent", p.getMaxConcurrent(),
        () -> AdmissionConfig.maxConcurrent(p.getMaxConcurrent()));
    AdmissionConfig queued = InvalidProperty.check(at + "max-queue", p.getMaxQueue(),
        () -> limited.maxQueue(p.getMaxQueue()));
    return InvalidProperty.check(at + "queue-timeout", p.getQueueTimeout(),
        () -> queued.queueTimeout(p.getQueueTimeout()));
  }

  private CircuitBreakerConfig circuitBreaker(CircuitBreakerProperties p) {
    String at = prefix + "circuit-breaker.";
    CircuitBreakerConfig c = CircuitBreakerConfig.ofDefaults();
    CircuitBreakerConfig c1 = InvalidProperty.check(at + "failure-rate-threshold",
        p.getFailureRateThreshold(), () -> c.failureRateThreshold(p.getFailureRateThreshold()));
    CircuitBreakerConfig c2 = InvalidProperty.check(at + "sliding-window-size",
        p.getSlidingWindowSize(), () -> c1.slidingWindowSize(p.getSlidingWindowSize()));
    CircuitBreakerConfig c3 = InvalidProperty.check(at + "minimum-number-of-calls",
        p.getMinimumNumberOfCalls(), () -> c2.minimumNumberOfCalls(p.getMinimumNumberOfCalls()));
    CircuitBreakerConfig c4 = InvalidProperty.check(at + "wait-duration-in-open-state",
        p.getWaitDurationInOpenState(),
        () -> c3.waitDurationInOpenState(p.getWaitDurationInOpenState()));
    return InvalidProperty.check(at + "permitted-calls-in-half-open-state",
        p.getPermittedCallsInHalfOpenState(),
        () -> c4.permittedCallsInHalfOpenState(p.getPermittedCallsInHalfOpenState()));
  }

  private AnomalyConfig anomalies(AnomalyProperties p) {
    String at = prefix + "anomalies.";
    AnomalyConfig windowed = InvalidProperty.check(at + "window", p.getWindow(),
        () -> AnomalyConfig.ofDefaults().window(p.getWindow()));
    return InvalidProperty.check(at + "min-calls", p.getMinCalls(),
        () -> windowed.minCalls(p.getMinCalls()));
  }

  private DriftConfig drift(DriftProperties p) {
    String at = prefix + "drift.";
    DriftConfigBuilder drift = DriftConfig.builder();
    String input = p.getInput();
    if (input == null && p.getOutputs().isEmpty()) {
      throw InvalidProperty.of(at + "input", null,
          "drift is enabled but watches nothing: set input and columns, or outputs");
    }
    if (input != null) {
      InvalidProperty.check(at + "columns", p.getColumns(),
          () -> drift.features(input, p.getColumns()));
    }
    if (!p.getOutputs().isEmpty()) {
      InvalidProperty.check(at + "outputs", p.getOutputs(),
          () -> drift.outputs(p.getOutputs().toArray(String[]::new)));
    }
    InvalidProperty.check(at + "window", p.getWindow(), () -> drift.window(p.getWindow()));
    Path baselineFile = p.getBaselineFile();
    if (baselineFile != null) {
      if (!Files.isRegularFile(baselineFile)) {
        throw InvalidProperty.of(at + "baseline-file", baselineFile, "no such file");
      }
      InvalidProperty.check(at + "baseline-file", baselineFile,
          () -> drift.baseline(Baseline.from(baselineFile)));
    } else {
      InvalidProperty.check(at + "baseline-samples", p.getBaselineSamples(),
          () -> drift.baseline(Baseline.capture(p.getBaselineSamples())));
    }
    return drift.build();
  }
}
