package dev.monitoredinference.resources;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.health.HealthStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * DEGRADED when less than {@link ResourceConfig#minHeadroom()} of a memory limit is free: resident
 * memory against {@link ResourceConfig#residentMemoryLimit()} (when given and readable), heap after
 * the last collection against {@code -Xmx}. Each breached limit is one reason. A degraded model
 * still serves ({@link HealthStatus#isReady()}): the signal is for scaling and alerts, not to take
 * traffic away from a replica that has not failed.
 *
 * <p>Thread-safe; each call reads the memory source once (one small file read).
 */
public final class MemoryHeadroom implements HealthContributor {
  private static final double MIB = 1024.0 * 1024.0;

  private final ResourceConfig config;

  private MemoryHeadroom(ResourceConfig config) {
    this.config = config;
  }

  /** A check with {@code config}'s source, limit and headroom. */
  public static MemoryHeadroom of(ResourceConfig config) {
    return new MemoryHeadroom(requireNonNull(config, "config"));
  }

  @Override
  public HealthStatus health() {
    ProcessMemory memory = config.memory();
    List<HealthStatus> breaches = new ArrayList<>(2);
    OptionalLong limit = config.residentMemoryLimit();
    OptionalLong resident = limit.isPresent() ? memory.residentBytes() : OptionalLong.empty();
    if (resident.isPresent()) {
      check("resident memory", resident.getAsLong(), limit.getAsLong(), breaches);
    }
    OptionalLong heapMax = memory.heapMaxBytes();
    if (heapMax.isPresent()) {
      check("heap after the last collection", memory.heapUsedBytes(), heapMax.getAsLong(), breaches);
    }
    return HealthStatus.worstOf(breaches);
  }

  private void check(String what, long used, long limit, List<HealthStatus> breaches) {
    double headroom = (double) (limit - used) / limit; // exact at round figures, unlike 1 - used/limit
    if (headroom < config.minHeadroom()) {
      breaches.add(HealthStatus.degraded(String.format(Locale.ROOT,
          "%s %.1f MiB of %.1f MiB leaves %.1f%% free, below the configured %.1f%%",
          what, used / MIB, limit / MIB, Math.max(0, headroom) * 100, config.minHeadroom() * 100)));
    }
  }
}
