package dev.monitoredinference.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Small lock-free slot arrays (a power of two long) that threads fill and empty with one atomic
 * operation each: every thread starts its search at its own slot, so concurrent callers seldom
 * meet.
 */
public final class FreeSlots {
  private FreeSlots() {}

  /** The slot the current thread searches {@code slots} from. */
  public static int start(AtomicReferenceArray<?> slots) {
    return (int) Thread.currentThread().getId() & (slots.length() - 1);
  }

  /** Puts {@code value} in an empty slot and returns its index, or -1 if every slot is full. */
  public static <T> int claim(AtomicReferenceArray<T> slots, T value) {
    int start = start(slots);
    int mask = slots.length() - 1;
    for (int i = 0; i <= mask; i++) {
      int slot = (start + i) & mask;
      if (slots.get(slot) == null && slots.compareAndSet(slot, null, value)) {
        return slot;
      }
    }
    return -1;
  }
}
