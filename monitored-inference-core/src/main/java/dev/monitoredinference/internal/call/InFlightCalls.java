package dev.monitoredinference.internal.call;

import dev.monitoredinference.internal.FreeSlots;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The controls of a runtime's calls in flight, for a shutdown to terminate: a slot array that a
 * call claims and frees with one atomic operation each, no allocation, and a concurrent set for
 * the calls beyond its {@value #SLOTS} slots. (A concurrent set alone cost a tiny model's call a
 * hash, a node and two locked updates.) Thread-safe.
 */
final class InFlightCalls {
  static final int SLOTS = 64;

  private final AtomicReferenceArray<CallControl> slots = new AtomicReferenceArray<>(SLOTS);
  private final Set<CallControl> overflow = ConcurrentHashMap.newKeySet();

  /** Registers {@code control} until {@link #remove}. */
  void add(CallControl control) {
    control.inFlightSlot = FreeSlots.claim(slots, control);
    if (control.inFlightSlot < 0) {
      overflow.add(control);
    }
  }

  /** Unregisters {@code control}, added by {@link #add}. */
  void remove(CallControl control) {
    int slot = control.inFlightSlot;
    if (slot >= 0) {
      slots.set(slot, null);
    } else {
      overflow.remove(control);
    }
  }

  /** Calls {@code action} with each call in flight. */
  void forEach(Consumer<CallControl> action) {
    for (int i = 0; i < SLOTS; i++) {
      CallControl control = slots.get(i);
      if (control != null) {
        action.accept(control);
      }
    }
    overflow.forEach(action);
  }

  /** How many calls are registered now. */
  int size() {
    int count = overflow.size();
    for (int i = 0; i < SLOTS; i++) {
      count += slots.get(i) != null ? 1 : 0;
    }
    return count;
  }
}
