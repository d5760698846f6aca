package dev.monitoredinference.onnx;

import ai.onnxruntime.OrtException;
import dev.monitoredinference.internal.FreeSlots;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link RunScratch}es kept for reuse by one runtime's calls: fresh {@code RunOptions} per call
 * cost a native allocation and two JNI calls, a tenth of a tiny model's run, and a fresh arena a
 * direct buffer. A call takes one, and gives it back unless its run was told to terminate (its flag may
 * then be set, and is never cleared). At most {@link #SLOTS} idle ones are kept; the rest are
 * closed. Idle ones belong to the pool, which closes them with the runtime. Thread-safe and
 * lock-free: each slot is handed over with an atomic swap, so an object is in at most one place
 * and closed exactly once.
 */
final class RunScratchPool implements AutoCloseable {
  static final int SLOTS = 16;

  private final AtomicReferenceArray<RunScratch> idle = new AtomicReferenceArray<>(SLOTS);
  private volatile boolean closed;

  /** Idle scratch, or new. */
  RunScratch take() throws OrtException {
    int start = FreeSlots.start(idle);
    for (int i = 0; i < SLOTS; i++) {
      int slot = (start + i) & (SLOTS - 1);
      if (idle.get(slot) != null) {
        RunScratch scratch = idle.getAndSet(slot, null);
        if (scratch != null) {
          return scratch;
        }
      }
    }
    return new RunScratch();
  }

  /** Keeps {@code scratch} for another call, or closes it when the pool is full or closed. */
  void giveBack(RunScratch scratch) {
    int slot = closed ? -1 : FreeSlots.claim(idle, scratch);
    if (slot < 0) {
      scratch.close();
    } else if (closed) { // close() may have swept this slot already: take it back unless it did
      RunScratch left = idle.getAndSet(slot, null);
      if (left != null) {
        left.close();
      }
    }
  }

  /** Idle scratch kept now. */
  int idle() {
    int count = 0;
    for (int i = 0; i < SLOTS; i++) {
      count += idle.get(i) != null ? 1 : 0;
    }
    return count;
  }

  /** Closes the idle scratch; scratch given back later is closed at once. */
  @Override
  public void close() {
    closed = true;
    for (int i = 0; i < SLOTS; i++) {
      RunScratch scratch = idle.getAndSet(i, null);
      if (scratch != null) {
        scratch.close();
      }
    }
  }
}
