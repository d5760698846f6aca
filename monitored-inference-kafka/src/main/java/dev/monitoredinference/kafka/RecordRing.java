package dev.monitoredinference.kafka;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A bounded queue for many producers and one consumer, without locks: a caller offers with one
 * compare-and-set on the producer index and a release store into its slot; the shipper takes with
 * volatile loads and release stores. It replaces an {@code ArrayBlockingQueue}, whose lock every
 * sampled call took (and shared with the shipper's drain, and which serialises many callers). The
 * design is JCTools' {@code MpscArrayQueue}, reduced to what the prediction log needs.
 *
 * <p>{@link #offer} may be called from any thread; {@link #drainTo} and {@link #clear} from one
 * consumer thread at a time.
 */
final class RecordRing<E> {
  private static final VarHandle INDEXES = MethodHandles.arrayElementVarHandle(long[].class);
  // Each on a cache line of its own: producers write the first two, the consumer the third.
  private static final int PRODUCER = 8;
  private static final int PRODUCER_LIMIT = 9;
  private static final int CONSUMER = 24;

  private final long[] indexes = new long[40];
  private final AtomicReferenceArray<@Nullable E> slots;
  private final int mask;
  private final int capacity;

  /** A ring holding at most {@code capacity} elements, at least 1 and at most 2^30. */
  RecordRing(int capacity) {
    if (capacity < 1 || capacity > 1 << 30) {
      throw new IllegalArgumentException("capacity must be in [1, 2^30], but was " + capacity);
    }
    this.capacity = capacity;
    int length = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    this.slots = new AtomicReferenceArray<>(length);
    this.mask = length - 1;
    indexes[PRODUCER_LIMIT] = capacity;
  }

  /** Adds {@code element} unless {@code capacity} elements are waiting. */
  boolean offer(E element) {
    requireNonNull(element, "element");
    long limit = (long) INDEXES.getVolatile(indexes, PRODUCER_LIMIT);
    long index;
    do {
      index = (long) INDEXES.getVolatile(indexes, PRODUCER);
      if (index >= limit) {
        // The cached limit may be stale: read the consumer's progress (a shared cache line) only then.
        limit = (long) INDEXES.getAcquire(indexes, CONSUMER) + capacity;
        if (index >= limit) {
          return false;
        }
        INDEXES.setRelease(indexes, PRODUCER_LIMIT, limit); // any value written is a true limit
      }
    } while (!INDEXES.compareAndSet(indexes, PRODUCER, index, index + 1));
    // Volatile, not just release: a producer that next reads a flag the consumer set before its
    // last drain (PredictionLog's shipperDone) must not miss it while the consumer misses this.
    slots.set((int) index & mask, element);
    return true;
  }

  /**
   * Moves up to {@code max} elements, oldest first, into {@code into}; stops early at a slot whose
   * producer has claimed it but not yet stored (a later call takes it). Consumer thread only.
   */
  int drainTo(Collection<? super E> into, int max) {
    int taken = 0;
    E element;
    while (taken < max && (element = take()) != null) {
      into.add(element);
      taken++;
    }
    return taken;
  }

  /** Discards every stored element and returns how many there were. Consumer thread only. */
  int clear() {
    int cleared = 0;
    while (take() != null) {
      cleared++;
    }
    return cleared;
  }

  private @Nullable E take() {
    long index = (long) INDEXES.get(indexes, CONSUMER);
    int slot = (int) index & mask;
    E element = slots.get(slot);
    if (element != null) {
      slots.setPlain(slot, null); // ordered before the index below, which frees the slot
      INDEXES.setRelease(indexes, CONSUMER, index + 1);
    }
    return element;
  }

  /** Whether no element is claimed or stored (a claimed slot is about to be stored). */
  boolean isEmpty() {
    return (long) INDEXES.getVolatile(indexes, CONSUMER) == (long) INDEXES.getVolatile(indexes, PRODUCER);
  }
}
