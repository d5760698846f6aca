package dev.monitoredinference.internal.call;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Priority;
import dev.monitoredinference.runtime.RunControl;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RunControl} of one call through a {@link dev.monitoredinference.MonitoredModel}:
 * the deadline, the runtime's terminate action, and the releases deferred while a run that the
 * caller left at its deadline is still inside the runtime. Lock-free on every call's path (a few
 * uncontended monitors per call were a measurable share of a tiny model's): the terminate action
 * and the run's state are swapped atomically; only an abandoned run's deferred releases take a lock.
 */
public final class CallControl implements RunControl {
  /** Why a run was told to stop. */
  public enum Termination {
    NONE,
    DEADLINE,
    SHUTDOWN
  }

  private static final Logger log = LoggerFactory.getLogger(CallControl.class);
  private static final Object TERMINATING = new Object();
  private static final Object TERMINATED = new Object();
  private static final int ABANDONED = 1;
  private static final int RETURNED = 2;
  private static final VarHandle TERMINATION;
  private static final VarHandle ACTION;
  private static final VarHandle RUN_STATE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TERMINATION = lookup.findVarHandle(CallControl.class, "termination", Termination.class);
      ACTION = lookup.findVarHandle(CallControl.class, "action", Object.class);
      RUN_STATE = lookup.findVarHandle(CallControl.class, "runState", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final @Nullable Duration deadline;
  private final Priority priority;
  private final CallerId caller;
  private final long deadlineNanos;
  private volatile Termination termination = Termination.NONE;
  /** Null, the registered terminate action, {@link #TERMINATING} while it runs, or {@link #TERMINATED}. */
  private volatile @Nullable Object action;
  /** {@link #ABANDONED} and {@link #RETURNED} bits. */
  private volatile int runState;
  private @Nullable List<Runnable> deferred; // guarded by this; only once abandoned
  /**
   * Where {@link InFlightCalls} holds this call: set before the call takes its lease, read when the
   * lease is returned, possibly on a deadline runner's thread, which the hand-off to it orders after.
   */
  int inFlightSlot = -1;

  private CallControl(@Nullable Duration deadline, long startNanos, Priority priority, CallerId caller) {
    this.priority = priority;
    this.caller = caller;
    this.deadline = deadline;
    this.deadlineNanos = deadline == null ? Long.MAX_VALUE : startNanos + deadline.toNanos();
  }

  /** A control for a call starting now, with {@code deadline} (none if null). */
  public static CallControl startingNow(@Nullable Duration deadline) {
    return startingNow(deadline, Priority.INTERACTIVE);
  }

  /** A control for a call of {@code priority} starting now, with {@code deadline} (none if null). */
  public static CallControl startingNow(@Nullable Duration deadline, Priority priority) {
    return startingNow(deadline, priority, CallerId.anonymous());
  }

  /** A control for a call of {@code priority} by {@code caller} starting now, with {@code deadline}. */
  public static CallControl startingNow(@Nullable Duration deadline, Priority priority, CallerId caller) {
    return new CallControl(deadline, deadline == null ? 0 : System.nanoTime(), priority, caller);
  }

  @Override
  public CallerId caller() {
    return caller;
  }

  @Override
  public Priority priority() {
    return priority;
  }

  @Override
  public boolean hasDeadline() {
    return deadline != null;
  }

  @Override
  public Duration deadline() {
    if (deadline == null) {
      throw new IllegalStateException("this call has no deadline");
    }
    return deadline;
  }

  @Override
  public long remainingNanos() {
    return deadline == null ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
  }

  @Override
  public boolean isTerminated() {
    return termination != Termination.NONE;
  }

  public Termination termination() {
    return termination;
  }

  @Override
  public Registration onTerminate(Runnable action) {
    requireNonNull(action, "action");
    if (this.action == null && ACTION.compareAndSet(this, null, action)) {
      return () -> unregister(action);
    }
    if (!isTerminated()) { // another action holds the place
      throw new IllegalStateException("a terminate action is registered already");
    }
    runGuarded(action); // terminated before it could be registered
    return () -> {};
  }

  /**
   * Takes {@code action} back; if {@link #terminate} took it first, waits until it has run, so
   * that the caller may free what it uses (the action itself must not close its registration).
   */
  private void unregister(Runnable action) {
    if (!ACTION.compareAndSet(this, action, null)) {
      for (int spins = 0; this.action == TERMINATING; spins++) {
        if (spins < 100) {
          Thread.onSpinWait(); // a terminate action is a flag set: it ends in microseconds
        } else {
          Thread.yield(); // unless the terminating thread lost its core
        }
      }
    }
  }

  /** Tells the run to stop, for {@code why}; the first reason given wins. */
  public void terminate(Termination why) {
    requireNonNull(why, "why");
    if (!TERMINATION.compareAndSet(this, Termination.NONE, why)) {
      return;
    }
    Object registered = ACTION.getAndSet(this, TERMINATING);
    try {
      if (registered instanceof Runnable stop) {
        runGuarded(stop);
      }
    } finally {
      this.action = TERMINATED;
    }
  }

  @Override
  public void afterRun(Runnable release) {
    if ((runState & ABANDONED) != 0) {
      synchronized (this) {
        if ((runState & RETURNED) == 0) { // runReturned() takes the list after setting RETURNED
          if (deferred == null) {
            deferred = new ArrayList<>(2);
          }
          deferred.add(release);
          return;
        }
      }
    }
    release.run();
  }

  /**
   * Marks the run as left behind by its caller; later {@link #afterRun} releases wait for {@link
   * #runReturned()}. False if the run has already returned (nothing to leave behind).
   */
  public boolean abandon() {
    while (true) {
      int now = runState;
      if ((now & RETURNED) != 0) {
        return false;
      }
      if (RUN_STATE.compareAndSet(this, now, now | ABANDONED)) {
        return true;
      }
    }
  }

  /** Called by the thread that ran the runtime once it has returned: runs deferred releases. */
  public void runReturned() {
    int before = (int) RUN_STATE.getAndBitwiseOr(this, RETURNED);
    if ((before & ABANDONED) == 0) {
      return;
    }
    List<Runnable> releases;
    synchronized (this) {
      releases = deferred;
      deferred = null;
    }
    if (releases != null) {
      releases.forEach(CallControl::runGuarded);
    }
  }

  /** The failure a terminated call reports: the deadline's, or the model's shutdown. */
  public InferenceException terminatedFailure(ModelVersion version, boolean started) {
    if (termination == Termination.SHUTDOWN) {
      return new ModelClosedException(version.modelName());
    }
    return expired(version, started);
  }

  /** The failure of a call whose deadline passed. */
  public DeadlineExceededException expired(ModelVersion version, boolean started) {
    return new DeadlineExceededException(version.modelName(), version.version(), deadline(), started);
  }

  private static void runGuarded(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("a terminate or release action failed", e);
    }
  }
}
