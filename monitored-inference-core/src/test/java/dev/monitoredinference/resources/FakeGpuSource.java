package dev.monitoredinference.resources;

import java.util.List;

/** GPU readings a test sets; {@code failing} makes the next reads throw. */
final class FakeGpuSource implements GpuSource {
  volatile List<GpuReading> readings;
  volatile boolean failing;

  FakeGpuSource(GpuReading... readings) {
    this.readings = List.of(readings);
  }

  @Override
  public List<GpuReading> read() {
    if (failing) {
      throw new IllegalStateException("NVML_ERROR_GPU_IS_LOST");
    }
    return readings;
  }
}
