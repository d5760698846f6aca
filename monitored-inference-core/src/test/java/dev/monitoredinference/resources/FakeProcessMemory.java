package dev.monitoredinference.resources;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/** Memory figures a test sets; resident readings are taken from a queue, the last one repeats. */
final class FakeProcessMemory implements ProcessMemory {
  static final long MIB = 1024L * 1024L;

  private final Deque<Long> resident = new ArrayDeque<>();
  volatile long heapUsed;
  volatile long heapMax = -1;

  /** Replaces the readings to come. */
  synchronized FakeProcessMemory resident(long... bytes) {
    resident.clear();
    for (long b : bytes) {
      resident.add(b);
    }
    return this;
  }

  FakeProcessMemory heap(long used, long max) {
    this.heapUsed = used;
    this.heapMax = max;
    return this;
  }

  @Override
  public synchronized OptionalLong residentBytes() {
    if (resident.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(resident.size() > 1 ? resident.poll() : resident.peek());
  }

  @Override
  public long heapUsedBytes() {
    return heapUsed;
  }

  @Override
  public OptionalLong heapMaxBytes() {
    return heapMax < 0 ? OptionalLong.empty() : OptionalLong.of(heapMax);
  }
}
