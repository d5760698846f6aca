package dev.monitoredinference.resources;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the process's resource meters to a registry, once per process: Micrometer's own {@link
 * ProcessorMetrics} (CPU) and {@link JvmMemoryMetrics} (heap and non-heap), resident memory (which
 * Micrometer has no binder for) and, when a GPU and its driver report them, each GPU's utilisation,
 * memory and power, polled on a daemon thread every {@link ResourceConfig#gpuPollInterval()} so
 * that no inference call ever waits for a driver. Without a GPU, NVML or OSHI the GPU meters are
 * absent and one INFO line on this class's logger says why.
 *
 * <pre>{@code
 * ResourceMetrics resources = ResourceMetrics.bindTo(registry);   // at startup
 * ...
 * resources.close();                                              // at shutdown
 * }</pre>
 *
 * <p>A process-wide call rather than a model builder option: the figures belong to the process, so
 * binding them per model would repeat them. Thread-safe.
 */
public final class ResourceMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResourceMetrics.class);

  private final MeterRegistry registry;
  private final @Nullable GpuSource gpus;
  private final List<Meter> ownMeters = new ArrayList<>();
  private volatile Map<Integer, GpuReading> latest = Map.of(); // replaced whole by each poll
  private @Nullable String gpuAbsentReason;
  private @Nullable ScheduledExecutorService poller;

  ResourceMetrics(MeterRegistry registry, ResourceConfig config, @Nullable GpuSource gpus) {
    this.registry = registry;
    this.gpus = gpus;
    new ProcessorMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    ProcessMemory memory = config.memory();
    if (memory.residentBytes().isPresent()) {
      ownMeters.add(gauge(InferenceMeter.PROCESS_MEMORY_RESIDENT, Tags.empty(), "bytes",
          () -> value(memory.residentBytes())));
    }
    config.residentMemoryLimit().ifPresent(limit -> ownMeters.add(
        gauge(InferenceMeter.PROCESS_MEMORY_LIMIT, Tags.empty(), "bytes", () -> limit)));
    registerGpus();
  }

  /** {@link #bindTo(MeterRegistry, ResourceConfig)} with {@link ResourceConfig#ofDefaults()}. */
  public static ResourceMetrics bindTo(MeterRegistry registry) {
    return bindTo(registry, ResourceConfig.ofDefaults());
  }

  /**
   * Binds the meters and, when GPU meters exist, starts polling. Call once per registry.
   *
   * <p>Cost: reads every GPU once here (OSHI enumerates devices, which may take a few hundred ms).
   */
  public static ResourceMetrics bindTo(MeterRegistry registry, ResourceConfig config) {
    requireNonNull(registry, "registry");
    requireNonNull(config, "config");
    ResourceMetrics metrics = new ResourceMetrics(registry, config, gpuSource(config));
    if (!metrics.latest.isEmpty()) {
      metrics.startPolling(config.gpuPollInterval().toMillis());
    }
    return metrics;
  }

  /** Why there are no GPU meters; null when there are. */
  @Nullable String gpuAbsentReason() {
    return gpuAbsentReason;
  }

  /** Reads the GPUs once; a failed read keeps the last readings (the poller's task). */
  void pollGpus() {
    if (gpus == null) {
      return;
    }
    try {
      Map<Integer, GpuReading> byIndex = new TreeMap<>();
      gpus.read().forEach(reading -> byIndex.put(reading.index(), reading));
      latest = Map.copyOf(byIndex);
    } catch (RuntimeException e) {
      log.debug("GPU poll failed; keeping the last readings", e);
    }
  }

  /** Stops polling and removes this library's resource gauges (Micrometer's binders stay). */
  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    ownMeters.forEach(registry::remove);
    ownMeters.clear();
  }

  private static @Nullable GpuSource gpuSource(ResourceConfig config) {
    GpuSource given = config.gpuSource();
    if (given != null) {
      return given;
    }
    if (!OshiGpuSource.available()) {
      absent("OSHI (com.github.oshi:oshi-core-java11) is not on the class path");
      return null;
    }
    try {
      return new OshiGpuSource();
    } catch (RuntimeException | LinkageError e) {
      absent("OSHI could not list the graphics cards: " + e);
      return null;
    }
  }

  private void registerGpus() {
    if (gpus == null) {
      gpuAbsentReason = "no GPU source";
      return;
    }
    pollGpus();
    List<GpuReading> readings = List.copyOf(latest.values());
    if (readings.isEmpty()) {
      gpuAbsentReason = absent("no GPU found");
      return;
    }
    if (readings.stream().noneMatch(GpuReading::hasFigures)) {
      gpuAbsentReason = absent("the driver reports no figures for " + readings
          + " (NVML, libnvidia-ml.so, not found?)");
      return;
    }
    for (GpuReading reading : readings) {
      int index = reading.index();
      Tags tags = Tags.of(InferenceTags.GPU, Integer.toString(index),
          InferenceTags.GPU_NAME, reading.name());
      if (reading.utilization().isPresent()) {
        ownMeters.add(gauge(InferenceMeter.GPU_UTILIZATION, tags, null,
            () -> figure(index, r -> value(r.utilization()))));
      }
      if (reading.memoryUsedBytes().isPresent()) {
        ownMeters.add(gauge(InferenceMeter.GPU_MEMORY_USED, tags, "bytes",
            () -> figure(index, r -> value(r.memoryUsedBytes()))));
      }
      if (reading.memoryTotalBytes().isPresent()) {
        ownMeters.add(gauge(InferenceMeter.GPU_MEMORY_TOTAL, tags, "bytes",
            () -> figure(index, r -> value(r.memoryTotalBytes()))));
      }
      if (reading.powerWatts().isPresent()) {
        ownMeters.add(gauge(InferenceMeter.GPU_POWER, tags, "watts",
            () -> figure(index, r -> value(r.powerWatts()))));
      }
    }
  }

  private static String absent(String why) {
    log.info("GPU meters absent: {}", why);
    return why;
  }

  private synchronized void startPolling(long intervalMillis) {
    poller = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "monitored-inference-gpu-poller");
      thread.setDaemon(true);
      return thread;
    });
    poller.scheduleWithFixedDelay(this::pollGpus, intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  /** The latest figure of device {@code index}; NaN once the device stops reporting it. */
  private double figure(int index, Function<GpuReading, Double> figure) {
    GpuReading reading = latest.get(index);
    return reading == null ? Double.NaN : figure.apply(reading);
  }

  private static double value(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : Double.NaN;
  }

  private static double value(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : Double.NaN;
  }

  private Gauge gauge(InferenceMeter meter, Tags tags, @Nullable String unit,
      Supplier<Number> value) {
    return Gauge.builder(meter.meterName(), value)
        .description(meter.description())
        .tags(tags)
        .baseUnit(unit)
        .strongReference(true)
        .register(registry);
  }
}
