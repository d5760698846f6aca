package dev.monitoredinference.resources;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * How resources are read and judged: the memory source, the resident-memory limit and the headroom
 * below which {@link MemoryHeadroom} reports DEGRADED, and how often GPUs are polled. Immutable.
 *
 * <pre>{@code
 * ResourceConfig resources = ResourceConfig.builder()
 *     .residentMemoryLimit(4L << 30)   // the container's memory limit
 *     .minHeadroom(0.15)               // DEGRADED above 85% of it, or of -Xmx
 *     .build();
 * }</pre>
 */
public final class ResourceConfig {
  private static final ResourceConfig DEFAULTS = builder().build();

  private final ProcessMemory memory;
  private final long residentMemoryLimit; // 0 when none
  private final double minHeadroom;
  private final Duration gpuPollInterval;
  private final @Nullable GpuSource gpuSource;

  private ResourceConfig(Builder builder) {
    this.memory = builder.memory;
    this.residentMemoryLimit = builder.residentMemoryLimit;
    this.minHeadroom = builder.minHeadroom;
    this.gpuPollInterval = builder.gpuPollInterval;
    this.gpuSource = builder.gpuSource;
  }

  /**
   * The system's memory, no resident-memory limit (only heap headroom is judged), 10% minimum
   * headroom, GPUs through OSHI polled every 15 s.
   */
  public static ResourceConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public ProcessMemory memory() {
    return memory;
  }

  /** The resident-memory limit in bytes; empty when none was given. */
  public OptionalLong residentMemoryLimit() {
    return residentMemoryLimit > 0 ? OptionalLong.of(residentMemoryLimit) : OptionalLong.empty();
  }

  /** The share of a limit (resident, or heap max) that must stay free, 0 to 1. */
  public double minHeadroom() {
    return minHeadroom;
  }

  public Duration gpuPollInterval() {
    return gpuPollInterval;
  }

  /** The GPU source given to the builder; null means OSHI's, when it is on the class path. */
  @Nullable GpuSource gpuSource() {
    return gpuSource;
  }

  /** Collects settings; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private ProcessMemory memory = ProcessMemory.system();
    private long residentMemoryLimit;
    private double minHeadroom = 0.10;
    private Duration gpuPollInterval = Duration.ofSeconds(15);
    private @Nullable GpuSource gpuSource;

    private Builder() {}

    /** Where memory figures come from; {@link ProcessMemory#system()} unless set. */
    public Builder memory(ProcessMemory memory) {
      this.memory = requireNonNull(memory, "memory");
      return this;
    }

    /**
     * The most resident memory the process may use, e.g. the container's limit; without it only
     * heap headroom is judged.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder residentMemoryLimit(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("residentMemoryLimit must be > 0, but was " + bytes);
      }
      this.residentMemoryLimit = bytes;
      return this;
    }

    /**
     * The share of each limit that must stay free; below it the model is DEGRADED.
     *
     * @throws IllegalArgumentException unless {@code 0 < ratio < 1}
     */
    public Builder minHeadroom(double ratio) {
      if (!(ratio > 0 && ratio < 1)) {
        throw new IllegalArgumentException("minHeadroom must be > 0 and < 1, but was " + ratio);
      }
      this.minHeadroom = ratio;
      return this;
    }

    /**
     * How often GPUs are read, on a daemon thread, never on the call path.
     *
     * @throws IllegalArgumentException if {@code interval} is under one second
     */
    public Builder gpuPollInterval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("gpuPollInterval must be >= 1s, but was " + interval);
      }
      this.gpuPollInterval = interval;
      return this;
    }

    /** Where GPU readings come from; OSHI's NVML support unless set. */
    public Builder gpuSource(GpuSource source) {
      this.gpuSource = requireNonNull(source, "source");
      return this;
    }

    public ResourceConfig build() {
      return new ResourceConfig(this);
    }
  }
}
