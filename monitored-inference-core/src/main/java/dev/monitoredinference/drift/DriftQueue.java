package dev.monitoredinference.drift;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The hand-off from calls to the drift thread: a bounded, lock-free, many-producer queue whose
 * producers never wake the consumer. {@code ArrayBlockingQueue.offer} signals a parked consumer
 * on every empty-to-non-empty step, and that unpark (a system call) cost a tiny model's caller
 * more than the copy itself; here the consumer drains the queue, then pauses (see {@link
 * #pauseNanos}) once it is empty, and a producer wakes it only when the queue reaches half its
 * capacity. Tasks (time checks, tests' barriers, serialization) are not counted against the
 * capacity and wake the consumer at once.
 *
 * <p>Why long pauses: each timed wake-up costs the drift thread tens of µs of CPU (measured
 * 25–40 µs on the 2-core development VM). A first pause of 0.1 ms, doubling, woke it several
 * times between two MiniLM calls and cost ≈ 70 µs of CPU per call, many times the sketching;
 * a fixed 10 ms still cost ≈ 4 µs per MiniLM call. A sample that waits is harmless: it lands in
 * the sub-window open when it is processed, so the pause is kept to a twentieth of a time
 * sub-window.
 */
final class DriftQueue {
  static final long MAX_PAUSE_NANOS = 100_000_000;
  static final long MIN_PAUSE_NANOS = 1_000_000;

  private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger samples = new AtomicInteger();
  private final int capacity;
  private final long pauseNanos;
  private volatile @Nullable Thread consumer;

  DriftQueue(int capacity, long pauseNanos) {
    this.capacity = capacity;
    this.pauseNanos = pauseNanos;
  }

  /**
   * How long the consumer pauses on an empty queue: 100 ms, or a twentieth of a time
   * sub-window if that is shorter (at least 1 ms).
   */
  static long pauseNanos(DriftConfig config) {
    long subWindow = config.subWindowNanos();
    return subWindow == 0 ? MAX_PAUSE_NANOS
        : Math.max(MIN_PAUSE_NANOS, Math.min(MAX_PAUSE_NANOS, subWindow / 20));
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
   * The next item, or null after pausing if there was none (the consumer then checks
   * the time). Consumer thread only.
   */
  @Nullable Object poll() {
    Object item = items.poll();
    if (item == null) {
      LockSupport.parkNanos(this, pauseNanos);
      return null;
    }
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
