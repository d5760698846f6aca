package dev.monitoredinference.resources;

import java.util.OptionalLong;

/**
 * Where memory figures come from: {@link #system()} reads the running JVM and, on Linux, {@code
 * /proc/self/status}; tests give a fake. Implementations must be thread-safe and cheap (one small
 * file read at most): health checks and gauges call them.
 */
public interface ProcessMemory {
  /** The process's resident set size in bytes; empty where the platform does not report it. */
  OptionalLong residentBytes();

  /**
   * Heap in use after the last collection where the JVM reports it (live data, not garbage
   * waiting to be collected), else heap in use now.
   */
  long heapUsedBytes();

  /** The most heap the JVM may use ({@code -Xmx}); empty when the JVM sets no limit. */
  OptionalLong heapMaxBytes();

  /** This JVM: heap from its memory pools, resident memory from {@code /proc/self/status}. */
  static ProcessMemory system() {
    return SystemProcessMemory.INSTANCE;
  }
}
