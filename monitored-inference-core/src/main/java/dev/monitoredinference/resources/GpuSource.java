package dev.monitoredinference.resources;

import java.util.List;

/**
 * Reads every GPU's figures; {@link ResourceMetrics} calls it on its poller thread. The default is
 * OSHI's (NVML for NVIDIA memory and power); tests and other bindings give their own.
 */
@FunctionalInterface
public interface GpuSource {
  /**
   * One reading per device, in device order; empty when there is no GPU.
   *
   * @throws RuntimeException if the devices cannot be read; the poller keeps the last readings
   *     and tries again at the next poll
   */
  List<GpuReading> read();
}
