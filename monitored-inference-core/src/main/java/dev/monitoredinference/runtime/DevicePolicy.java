package dev.monitoredinference.runtime;

import dev.monitoredinference.ModelVersion;

/**
 * Where a model should run.
 *
 * <ul>
 *   <li>{@link #cpuOnly()} never touches CUDA.
 *   <li>{@link #preferGpu(int)} tries CUDA on the device (creating the session and one warm-up
 *       run) and falls back to the CPU with fresh options if any step fails; the fallback is
 *       logged once at WARN, counted in {@code monitored.inference.fallbacks} and recorded on the
 *       {@link ModelVersion}.
 *   <li>{@link #requireGpu(int)} fails the build with {@link DeviceUnavailableException} instead.
 * </ul>
 */
public final class DevicePolicy {
  /** The three policies. */
  public enum Kind {
    CPU_ONLY,
    PREFER_GPU,
    REQUIRE_GPU
  }

  private static final DevicePolicy CPU_ONLY = new DevicePolicy(Kind.CPU_ONLY, -1);

  private final Kind kind;
  private final int deviceId;

  private DevicePolicy(Kind kind, int deviceId) {
    this.kind = kind;
    this.deviceId = deviceId;
  }

  /** Run on the CPU; CUDA is never loaded. */
  public static DevicePolicy cpuOnly() {
    return CPU_ONLY;
  }

  /** Run on CUDA device {@code deviceId} if it works, else on the CPU. */
  public static DevicePolicy preferGpu(int deviceId) {
    return new DevicePolicy(Kind.PREFER_GPU, checkDeviceId(deviceId));
  }

  /** Run on CUDA device {@code deviceId} or fail to build. */
  public static DevicePolicy requireGpu(int deviceId) {
    return new DevicePolicy(Kind.REQUIRE_GPU, checkDeviceId(deviceId));
  }

  private static int checkDeviceId(int deviceId) {
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId must be >= 0, but was " + deviceId);
    }
    return deviceId;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether CUDA should be tried at all. */
  public boolean wantsGpu() {
    return kind != Kind.CPU_ONLY;
  }

  /**
   * The CUDA device id.
   *
   * @throws IllegalStateException for {@link #cpuOnly()}
   */
  public int deviceId() {
    if (!wantsGpu()) {
      throw new IllegalStateException("cpuOnly() has no device id");
    }
    return deviceId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DevicePolicy
        && ((DevicePolicy) other).kind == kind
        && ((DevicePolicy) other).deviceId == deviceId;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + deviceId;
  }

  @Override
  public String toString() {
    switch (kind) {
      case PREFER_GPU:
        return "preferGpu(" + deviceId + ")";
      case REQUIRE_GPU:
        return "requireGpu(" + deviceId + ")";
      default:
        return "cpuOnly()";
    }
  }
}
