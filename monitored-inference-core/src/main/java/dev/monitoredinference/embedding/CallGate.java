package dev.monitoredinference.embedding;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a {@link TextEmbedder}'s calls in flight so that closing can refuse new ones at once and
 * release what the embedder owns when the last one returns. Not a lease on a runtime: the embedder
 * has none, and the encoder model leases its own session for each run.
 *
 * <p>One atomic long: bit 0 says "closed", the rest counts calls. Lock-free.
 */
final class CallGate {
  private static final long CLOSED = 1;
  private static final long CALL = 2;

  private final AtomicLong state = new AtomicLong();
  private final AtomicBoolean released = new AtomicBoolean();
  private final CountDownLatch drained = new CountDownLatch(1);
  private final Runnable onDrained;

  /** @param onDrained run once, by whoever sees the gate closed with no call left */
  CallGate(Runnable onDrained) {
    this.onDrained = onDrained;
  }

  /** Lets a call in; false once closed. Every call let in must {@link #exit()}. */
  boolean enter() {
    while (true) {
      long current = state.get();
      if ((current & CLOSED) != 0) {
        return false;
      }
      if (state.compareAndSet(current, current + CALL)) {
        return true;
      }
    }
  }

  /** A call returned; the last one after {@link #close()} runs the drained action. */
  void exit() {
    if (state.addAndGet(-CALL) == CLOSED) {
      release();
    }
  }

  /**
   * Refuses new calls; runs the drained action now if no call is in flight.
   *
   * @return whether this call closed the gate (false if an earlier one did)
   */
  boolean close() {
    long before = state.getAndUpdate(current -> current | CLOSED);
    if (before == 0) {
      release();
    }
    return (before & CLOSED) == 0;
  }

  boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  /** After {@link #close()}: waits up to {@code timeout} for the calls in flight to return. */
  boolean awaitDrained(Duration timeout) {
    try {
      return drained.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      try {
        onDrained.run();
      } finally {
        drained.countDown();
      }
    }
  }
}
