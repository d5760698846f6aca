package dev.monitoredinference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.monitoredinference.internal.FreeSlots;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Run options kept for reuse by one runtime's calls: a fresh {@code RunOptions} per call costs a
 * native allocation and two JNI calls, a tenth of a tiny model's run. A call takes one, and gives
 * it back unless its run was told to terminate (its flag may then be set, and is never cleared).
 * At most {@link #SLOTS} idle ones are kept; the rest are closed. Idle options belong to the pool,
 * which closes them with the runtime. Thread-safe and lock-free: each slot is handed over with an
 * atomic swap, so an object is in at most one place and closed exactly once.
 */
final class RunOptionsPool implements AutoCloseable {
  static final int SLOTS = 16;

  private final AtomicReferenceArray<OrtSession.RunOptions> idle = new AtomicReferenceArray<>(SLOTS);
  private volatile boolean closed;

  /** Idle options, or new ones. */
  OrtSession.RunOptions take() throws OrtException {
    int start = FreeSlots.start(idle);
    for (int i = 0; i < SLOTS; i++) {
      int slot = (start + i) & (SLOTS - 1);
      if (idle.get(slot) != null) {
        OrtSession.RunOptions options = idle.getAndSet(slot, null);
        if (options != null) {
          return options;
        }
      }
    }
    return new OrtSession.RunOptions();
  }

  /** Keeps {@code options} for another call, or closes them when the pool is full or closed. */
  void giveBack(OrtSession.RunOptions options) {
    int slot = closed ? -1 : FreeSlots.claim(idle, options);
    if (slot < 0) {
      options.close();
    } else if (closed) { // close() may have swept this slot already: take it back unless it did
      OrtSession.RunOptions left = idle.getAndSet(slot, null);
      if (left != null) {
        left.close();
      }
    }
  }

  /** Idle options that are kept now. */
  int idle() {
    int count = 0;
    for (int i = 0; i < SLOTS; i++) {
      count += idle.get(i) != null ? 1 : 0;
    }
    return count;
  }

  /** Closes the idle options; options given back later are closed at once. */
  @Override
  public void close() {
    closed = true;
    for (int i = 0; i < SLOTS; i++) {
      OrtSession.RunOptions options = idle.getAndSet(i, null);
      if (options != null) {
        options.close();
      }
    }
  }
}
