package dev.monitoredinference.resources;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This JVM's memory. Micrometer has no resident-memory binder ({@code process.memory.rss} is not in
 * micrometer-core), so resident memory is read here from {@code /proc/self/status}, which is also
 * what {@code ps} reports.
 */
final class SystemProcessMemory implements ProcessMemory {
  static final SystemProcessMemory INSTANCE = new SystemProcessMemory(Path.of("/proc/self/status"));

  private final Path status;

  SystemProcessMemory(Path status) {
    this.status = status;
  }

  @Override
  public OptionalLong residentBytes() {
    try {
      return parseVmRss(Files.readString(status, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty(); // not Linux, or /proc not mounted
    }
  }

  @Override
  public long heapUsedBytes() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
        continue;
      }
      // Null where the pool has no collector, all zero before its first collection.
      MemoryUsage afterGc = pool.getCollectionUsage();
      MemoryUsage usage = afterGc != null && afterGc.getCommitted() > 0 ? afterGc : pool.getUsage();
      used += usage != null ? usage.getUsed() : 0;
    }
    return used;
  }

  @Override
  public OptionalLong heapMaxBytes() {
    long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
  }

  /** The {@code VmRSS:} line of a {@code /proc/<pid>/status} text ("VmRSS:   12345 kB"), in bytes. */
  static OptionalLong parseVmRss(String statusText) {
    for (String line : statusText.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    }
    return OptionalLong.empty();
  }
}
