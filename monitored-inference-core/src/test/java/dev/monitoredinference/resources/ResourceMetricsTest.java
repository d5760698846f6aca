package dev.monitoredinference.resources;

import static dev.monitoredinference.resources.FakeProcessMemory.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResourceMetricsTest {
  private static final long GIB = 1024 * MIB;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeProcessMemory memory = new FakeProcessMemory().resident(700 * MIB);

  private ResourceMetrics bind(ResourceConfig.Builder config, GpuSource gpus) {
    return new ResourceMetrics(registry, config.memory(memory).build(), gpus);
  }

  private double gauge(String name, String gpu) {
    return registry.get(name).tag("gpu", gpu).gauge().value();
  }

  private List<String> gpuMeterNames() {
    return registry.getMeters().stream().map(meter -> meter.getId().getName())
        .filter(name -> name.startsWith("monitored.inference.gpu.")).distinct().sorted()
        .collect(Collectors.toList());
  }

  @Test
  void micrometersOwnBinders_bindCpuAndJvmMemory() {
    bind(ResourceConfig.builder(), new FakeGpuSource());
    assertThat(registry.find("process.cpu.usage").gauge()).isNotNull();
    assertThat(registry.find("system.cpu.count").gauge()).isNotNull();
    assertThat(registry.find("jvm.memory.used").tag("area", "heap").gauges()).isNotEmpty();
    assertThat(registry.find("jvm.memory.max").tag("area", "heap").gauges()).isNotEmpty();
  }

  @Test
  void residentMemoryAndItsLimit_areGaugesInBytes() {
    bind(ResourceConfig.builder().residentMemoryLimit(GIB), new FakeGpuSource());
    assertThat(registry.get("monitored.inference.process.memory.resident").gauge().value())
        .isEqualTo(700.0 * MIB);
    assertThat(registry.get("monitored.inference.process.memory.resident").gauge().getId()
        .getBaseUnit()).isEqualTo("bytes");
    assertThat(registry.get("monitored.inference.process.memory.limit").gauge().value())
        .isEqualTo((double) GIB);
  }

  @Test
  void withoutResidentFigures_orALimit_thoseGaugesAreAbsent() {
    new ResourceMetrics(registry, ResourceConfig.builder().memory(new FakeProcessMemory()).build(),
        new FakeGpuSource());
    assertThat(registry.find("monitored.inference.process.memory.resident").gauge()).isNull();
    assertThat(registry.find("monitored.inference.process.memory.limit").gauge()).isNull();
  }

  @Test
  void eachGpu_mapsToUtilisationMemoryAndPower_taggedByIndexAndName() {
    bind(ResourceConfig.builder(), new FakeGpuSource(
        GpuReading.of(0, "NVIDIA H200", 0.42, 30 * GIB, 141 * GIB, 312.5),
        GpuReading.of(1, "NVIDIA H200", 0.0, 1 * GIB, 141 * GIB, 80.0)));
    assertThat(gauge("monitored.inference.gpu.utilization", "0")).isEqualTo(0.42);
    assertThat(gauge("monitored.inference.gpu.memory.used", "0")).isEqualTo(30.0 * GIB);
    assertThat(gauge("monitored.inference.gpu.memory.total", "0")).isEqualTo(141.0 * GIB);
    assertThat(gauge("monitored.inference.gpu.power", "0")).isEqualTo(312.5);
    assertThat(gauge("monitored.inference.gpu.power", "1")).isEqualTo(80.0);
    assertThat(registry.get("monitored.inference.gpu.power").tag("gpu", "1").gauge().getId()
        .getTag("gpu.name")).isEqualTo("NVIDIA H200");
    assertThat(registry.get("monitored.inference.gpu.power").gauge().getId().getBaseUnit())
        .isEqualTo("watts");
  }

  @Test
  void aFigureTheDriverDoesNotReport_hasNoGauge_notAZero() {
    // OSHI on Linux: NVML gives an NVIDIA card's memory and power, but no utilisation.
    ResourceMetrics metrics = bind(ResourceConfig.builder(),
        new FakeGpuSource(GpuReading.of(0, "NVIDIA L4", -1, 2 * GIB, 24 * GIB, 35.0)));
    assertThat(gpuMeterNames()).containsExactly("monitored.inference.gpu.memory.total",
        "monitored.inference.gpu.memory.used", "monitored.inference.gpu.power");
    assertThat(metrics.gpuAbsentReason()).isNull();
  }

  @Test
  void aPoll_updatesTheGauges_andAFailedPollKeepsTheLastReadings() {
    FakeGpuSource gpus = new FakeGpuSource(GpuReading.of(0, "gpu", 0.1, GIB, 8 * GIB, 50.0));
    ResourceMetrics metrics = bind(ResourceConfig.builder(), gpus);
    gpus.readings = List.of(GpuReading.of(0, "gpu", 0.9, 7 * GIB, 8 * GIB, 200.0));
    metrics.pollGpus();
    assertThat(gauge("monitored.inference.gpu.utilization", "0")).isEqualTo(0.9);
    assertThat(gauge("monitored.inference.gpu.memory.used", "0")).isEqualTo(7.0 * GIB);
    gpus.failing = true;
    metrics.pollGpus();
    assertThat(gauge("monitored.inference.gpu.power", "0")).isEqualTo(200.0);
    gpus.failing = false;
    gpus.readings = List.of();
    metrics.pollGpus();
    assertThat(gauge("monitored.inference.gpu.power", "0")).isNaN();
  }

  @Test
  void withoutAGpu_theGpuMetersAreAbsent_andTheReasonIsSaid() {
    ResourceMetrics metrics = bind(ResourceConfig.builder(), new FakeGpuSource());
    assertThat(gpuMeterNames()).isEmpty();
    assertThat(metrics.gpuAbsentReason()).isEqualTo("no GPU found");
  }

  @Test
  void aCardWithoutNvml_reportsNoFigures_soTheGpuMetersAreAbsent() {
    ResourceMetrics metrics = bind(ResourceConfig.builder(),
        new FakeGpuSource(GpuReading.of(0, "Tesla T4", -1, -1, 16 * GIB, -1)));
    assertThat(gpuMeterNames()).isEmpty();
    assertThat(metrics.gpuAbsentReason()).isEqualTo(
        "the driver reports no figures for [gpu 0 (Tesla T4)] (NVML, libnvidia-ml.so, not found?)");
  }

  @Test
  void onThisMachine_withOshiAndNoGpuFigures_bindingSucceedsWithoutGpuMeters() {
    // The build machine has no GPU; OSHI (optional, on the test class path) finds none or no figures.
    try (ResourceMetrics metrics = ResourceMetrics.bindTo(registry,
        ResourceConfig.builder().memory(memory).build())) {
      org.junit.jupiter.api.Assumptions.assumeTrue(metrics.gpuAbsentReason() != null,
          "this machine reports GPU figures");
      assertThat(gpuMeterNames()).isEmpty();
    }
  }

  @Test
  void close_removesTheLibrarysGauges_andKeepsMicrometersBinders() {
    ResourceMetrics metrics = bind(ResourceConfig.builder().residentMemoryLimit(GIB),
        new FakeGpuSource(GpuReading.of(0, "gpu", 0.1, GIB, 8 * GIB, 50.0)));
    metrics.close();
    assertThat(registry.getMeters()).map(Meter::getId).map(Meter.Id::getName)
        .noneMatch(name -> name.startsWith("monitored.inference."))
        .contains("process.cpu.usage");
  }
}
