package dev.monitoredinference.internal.call;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.Priority;
import dev.monitoredinference.runtime.ModelRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runtime with a lease count, so that it is closed exactly once and never while a call holds a
 * lease: ONNX Runtime's Java {@code OrtSession.close()} does not guard against a concurrent run.
 * Each call's lease comes with its {@link CallControl}, registered until the lease is returned so
 * that a shutdown that runs out of time can terminate the calls still in flight.
 *
 * <p>The lease state is one atomic long: bit 0 says "closing", the rest counts leases. Lock-free,
 * and so is the registry of calls ({@link InFlightCalls}).
 */
public final class SharedRuntime {
  private static final long CLOSING = 1;
  private static final long LEASE = 2;

  private static final Logger log = LoggerFactory.getLogger(SharedRuntime.class);

  private final ModelRuntime runtime;
  private final AtomicLong state = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch runtimeClosed = new CountDownLatch(1);
  private final InFlightCalls inFlight = new InFlightCalls();

  public SharedRuntime(ModelRuntime runtime) {
    this.runtime = requireNonNull(runtime, "runtime");
  }

  public ModelRuntime runtime() {
    return runtime;
  }

  /**
   * Begins a call with {@code deadline} (none if null): takes a lease and registers the call's
   * control; null once closing has begun. Every control returned must be passed to {@link #end}.
   */
  public @Nullable CallControl begin(@Nullable Duration deadline) {
    return begin(deadline, Priority.INTERACTIVE);
  }

  /** {@link #begin(Duration)} for a call of {@code priority}. */
  public @Nullable CallControl begin(@Nullable Duration deadline, Priority priority) {
    return begin(deadline, priority, CallerId.anonymous());
  }

  /** {@link #begin(Duration)} for a call of {@code priority} made by {@code caller}. */
  public @Nullable CallControl begin(@Nullable Duration deadline, Priority priority, CallerId caller) {
    CallControl control = CallControl.startingNow(deadline, priority, caller);
    inFlight.add(control); // before the lease, so that a shutdown that waited in vain sees it
    if (!acquire()) {
      inFlight.remove(control);
      return null;
    }
    return control;
  }

  /** Ends a call: its lease is returned once no native run of it is in progress. */
  public void end(CallControl control) {
    control.afterRun(() -> {
      inFlight.remove(control);
      release();
    });
  }

  /**
   * After {@link #close()}: waits up to {@code timeout} for the runtime to be closed (when the last
   * lease is returned); if it is not by then, or the wait is interrupted, tells every call still in
   * flight to terminate.
   *
   * @return whether the runtime was closed within {@code timeout}
   */
  public boolean drain(Duration timeout) {
    if (awaitClosed(timeout)) {
      return true;
    }
    inFlight.forEach(control -> control.terminate(CallControl.Termination.SHUTDOWN));
    return false;
  }

  private boolean acquire() {
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
  private void release() {
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

  private boolean awaitClosed(Duration timeout) {
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
