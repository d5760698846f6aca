package dev.monitoredinference.resources;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One GPU's figures at one poll. A figure the driver does not report is empty, and its gauge is
 * then absent rather than zero. Immutable.
 */
public final class GpuReading {
  private final int index;
  private final String name;
  private final double utilization; // NaN when unknown
  private final long memoryUsed; // -1 when unknown
  private final long memoryTotal; // -1 when unknown
  private final double powerWatts; // NaN when unknown

  private GpuReading(int index, String name, double utilization, long memoryUsed, long memoryTotal,
      double powerWatts) {
    this.index = index;
    this.name = name;
    this.utilization = utilization;
    this.memoryUsed = memoryUsed;
    this.memoryTotal = memoryTotal;
    this.powerWatts = powerWatts;
  }

  /**
   * A reading; pass a negative or NaN value for any figure the driver does not report.
   *
   * @param utilization busy share, 0 to 1
   * @throws IllegalArgumentException if {@code index} is negative or {@code utilization} above 1
   */
  public static GpuReading of(int index, String name, double utilization, long memoryUsedBytes,
      long memoryTotalBytes, double powerWatts) {
    requireNonNull(name, "name");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, but was " + index);
    }
    if (utilization > 1) {
      throw new IllegalArgumentException("utilization must be <= 1, but was " + utilization);
    }
    return new GpuReading(index, name, utilization >= 0 ? utilization : Double.NaN,
        Math.max(-1, memoryUsedBytes), Math.max(-1, memoryTotalBytes),
        powerWatts >= 0 ? powerWatts : Double.NaN);
  }

  /** The device's position among the source's devices, the {@code gpu} tag. */
  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  /** Busy share 0 to 1. */
  public OptionalDouble utilization() {
    return Double.isNaN(utilization) ? OptionalDouble.empty() : OptionalDouble.of(utilization);
  }

  public OptionalLong memoryUsedBytes() {
    return memoryUsed < 0 ? OptionalLong.empty() : OptionalLong.of(memoryUsed);
  }

  public OptionalLong memoryTotalBytes() {
    return memoryTotal < 0 ? OptionalLong.empty() : OptionalLong.of(memoryTotal);
  }

  public OptionalDouble powerWatts() {
    return Double.isNaN(powerWatts) ? OptionalDouble.empty() : OptionalDouble.of(powerWatts);
  }

  /** Whether the driver reported anything beyond the device's existence. */
  boolean hasFigures() {
    return utilization().isPresent() || memoryUsedBytes().isPresent() || powerWatts().isPresent();
  }

  @Override
  public String toString() {
    return "gpu " + index + " (" + name + ")";
  }
}
