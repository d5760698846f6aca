package dev.monitoredinference.internal;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runtime with a lease count, so that it is closed exactly once and never while a call holds a
 * lease: ONNX Runtime's Java {@code OrtSession.close()} does not guard against a concurrent run.
 *
 * <p>The state is one atomic long: bit 0 says "closing", the rest counts leases. Lock-free.
 */
public final class SharedRuntime {
  private static final long CLOSING = 1;
  private static final long LEASE = 2;

  private static final Logger log = LoggerFactory.getLogger(SharedRuntime.class);

  private final ModelRuntime runtime;
  private final AtomicLong state = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch runtimeClosed = new CountDownLatch(1);

  public SharedRuntime(ModelRuntime runtime) {
    this.runtime = requireNonNull(runtime, "runtime");
  }

  public ModelRuntime runtime() {
    return runtime;
  }

  /** Takes a lease; false once closing has begun. Every true must be matched by {@link #release}. */
  public boolean acquire() {
    while (true) {
      long current = state.get();
      if ((current & CLOSING) != 0) {
        return false;
      }
      if (state.compareAndSet(current, current + LEASE)) {
        return true;
      }
    }
  }

  /** Returns a lease; the last one returned after {@link #close()} closes the runtime. */
  public void release() {
    if (state.addAndGet(-LEASE) == CLOSING) {
      closeRuntimeOnce();
    }
  }

  /**
   * Refuses new leases and closes the runtime now, or when the last lease is returned.
   *
   * @return whether this call began the closing (false if an earlier call did)
   */
  public boolean close() {
    long before = state.getAndUpdate(current -> current | CLOSING);
    if (before == 0) {
      closeRuntimeOnce();
    }
    return (before & CLOSING) == 0;
  }

  public boolean isClosing() {
    return (state.get() & CLOSING) != 0;
  }

  /**
   * Waits up to {@code timeout} for the runtime to be closed (after {@link #close()}, when the last
   * lease is returned); false if it is not closed by then or the wait is interrupted.
   */
  public boolean awaitClosed(Duration timeout) {
    try {
      return runtimeClosed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void closeRuntimeOnce() {
    if (closed.compareAndSet(false, true)) {
      try {
        runtime.close();
      } catch (RuntimeException e) {
        // The last caller may be closing it from predict's finally: never replace its result.
        log.warn("closing {} failed", runtime, e);
      } finally {
        runtimeClosed.countDown();
      }
    }
  }
}
