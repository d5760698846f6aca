package dev.monitoredinference.spring.boot.properties;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One model's properties, {@code monitored-inference.models.<name>.*}. Give either {@code file}
 * or {@code repository} (with an optional {@code pin}).
 */
public class ModelProperties {
  /** The ONNX file to load. Exclusive with repository. */
  private @Nullable Path file;

  /**
   * A model repository's root ({@code <root>/<name>/<version>/model.onnx} with {@code
   * model.sha256}). Exclusive with file.
   */
  private @Nullable Path repository;

  /**
   * Which repository version to load: {@code latest}, a version ({@code 7}), {@code
   * label:<label>} or a digest ({@code sha256:<64 hex digits>}).
   */
  private String pin = "latest";

  /** Refuse to load bytes whose SHA-256 differs: {@code sha256:<64 lower-case hex digits>}. */
  private @Nullable String expectDigest;

  /** Where the model runs: cpu-only, prefer-gpu (CUDA, else CPU with one WARN) or require-gpu. */
  private DeviceChoice device = DeviceChoice.CPU_ONLY;

  /** The CUDA device for prefer-gpu and require-gpu. */
  private int gpuId = 0;

  /** The longest a call may take, queue wait included; unset means no deadline. */
  private @Nullable Duration deadline;

  /**
   * How long calls in flight may run when the application shuts down before they are told to
   * terminate.
   */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /** Input validation and the output guard. */
  private final ValidationProperties validation = new ValidationProperties();

  /** A concurrency limit and a bounded, timed queue. */
  private final AdmissionProperties admission = new AdmissionProperties();

  /** A count-based circuit breaker over the model's own failures. */
  private final CircuitBreakerProperties circuitBreaker = new CircuitBreakerProperties();

  /** Latency, error ratio and throughput anomaly detection. */
  private final AnomalyProperties anomalies = new AnomalyProperties();

  /** Drift sketches of inputs and outputs against a baseline. */
  private final DriftProperties drift = new DriftProperties();

  /** The device policies a property can name. */
  public enum DeviceChoice {
    /** The CPU only. */
    CPU_ONLY,
    /** CUDA when it works, else the CPU with one WARN and a counted fallback. */
    PREFER_GPU,
    /** CUDA or the model fails to load. */
    REQUIRE_GPU
  }

  public @Nullable Path getFile() {
    return file;
  }

  public void setFile(@Nullable Path file) {
    this.file = file;
  }

  public @Nullable Path getRepository() {
    return repository;
  }

  public void setRepository(@Nullable Path repository) {
    this.repository = repository;
  }

  public String getPin() {
    return pin;
  }

  public void setPin(String pin) {
    this.pin = pin;
  }

  public @Nullable String getExpectDigest() {
    return expectDigest;
  }

  public void setExpectDigest(@Nullable String expectDigest) {
    this.expectDigest = expectDigest;
  }

  public DeviceChoice getDevice() {
    return device;
  }

  public void setDevice(DeviceChoice device) {
    this.device = device;
  }

  public int getGpuId() {
    return gpuId;
  }

  public void setGpuId(int gpuId) {
    this.gpuId = gpuId;
  }

  public @Nullable Duration getDeadline() {
    return deadline;
  }

  public void setDeadline(@Nullable Duration deadline) {
    this.deadline = deadline;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public ValidationProperties getValidation() {
    return validation;
  }

  public AdmissionProperties getAdmission() {
    return admission;
  }

  public CircuitBreakerProperties getCircuitBreaker() {
    return circuitBreaker;
  }

  public AnomalyProperties getAnomalies() {
    return anomalies;
  }

  public DriftProperties getDrift() {
    return drift;
  }
}
