package dev.monitoredinference.drift;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The hand-off from calls to the drift thread: a bounded, lock-free, many-producer queue whose
 * producers never wake the consumer. {@code ArrayBlockingQueue.offer} signals a parked consumer
 * on every empty-to-non-empty step, and that unpark (a system call) cost a tiny model's caller
 * more than the copy itself; here the consumer polls, parking 0.1 ms after an empty poll and
 * doubling up to 10 ms while idle, and a producer wakes it only when the queue reaches half its
 * capacity. Tasks (time checks, tests' barriers, serialization) are not counted against the
 * capacity and wake the consumer at once.
 */
final class DriftQueue {
  private static final long MIN_PARK_NANOS = 100_000;
  private static final long MAX_PARK_NANOS = 10_000_000;

  private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger samples = new AtomicInteger();
  private final int capacity;
  private volatile @Nullable Thread consumer;
  private long park = MIN_PARK_NANOS;

  DriftQueue(int capacity) {
    this.capacity = capacity;
  }

  void consumer(Thread thread) {
    this.consumer = thread;
  }

  /** Adds {@code sample} unless {@code capacity} samples are waiting; never blocks. */
  boolean offer(Sample sample) {
    int waiting = samples.incrementAndGet();
    if (waiting > capacity) {
      samples.decrementAndGet();
      return false;
    }
    items.add(sample);
    if (waiting == Math.max(1, capacity / 2)) {
      wake();
    }
    return true;
  }

  /** Adds a task for the consumer and wakes it. */
  void task(Object task) {
    items.add(task);
    wake();
  }

  /**
   * The next item, or null after parking a while if there was none (the consumer then checks
   * the time). Consumer thread only.
   */
  @Nullable Object poll() {
    Object item = items.poll();
    if (item == null) {
      LockSupport.parkNanos(this, park);
      park = Math.min(park * 2, MAX_PARK_NANOS);
      return null;
    }
    park = MIN_PARK_NANOS;
    if (item instanceof Sample) {
      samples.decrementAndGet();
    }
    return item;
  }

  void wake() {
    Thread thread = consumer;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }
}
