package dev.monitoredinference.admission;

import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Priority;
import dev.monitoredinference.runtime.RunControl;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Holds a permit for the rest of the chain: taken without waiting when one is free, else after a
 * bounded wait in a bounded queue, never past the call's deadline; released when the native run
 * has returned, which for a call that left at its deadline is later than the call ({@link
 * RunControl#afterRun}). With a batch lane, a batch call first takes a lane permit (its own
 * bounded queue), then a model permit; holding at most the lane's permits, batch calls can never
 * take the slots kept for interactive calls.
 */
final class AdmissionInterceptor implements InferenceInterceptor {
  private final String modelName;
  private final long queueTimeoutNanos;
  private final AdmissionConfig limits;
  private final Gate model;
  private final @Nullable Gate batch;
  private final Runnable releaseModel;
  private final Runnable releaseBoth;

  AdmissionInterceptor(String modelName, AdmissionConfig limits) {
    this.modelName = modelName;
    this.limits = limits;
    this.queueTimeoutNanos = limits.queueTimeout().toNanos();
    this.model = new Gate(limits.maxConcurrent(), limits.maxQueue(), "");
    Gate lane = limits.batchMaxConcurrent() == 0 ? null
        : new Gate(limits.batchMaxConcurrent(), limits.batchMaxQueue(), "batch-lane ");
    this.batch = lane;
    this.releaseModel = model.permits::release;
    this.releaseBoth = lane == null ? releaseModel : () -> {
      model.permits.release();
      lane.permits.release();
    };
  }

  @Override
  public Prediction intercept(Chain chain) {
    RunControl control = chain.control();
    Gate lane = batch;
    Runnable release = releaseModel;
    if (lane != null && control.priority() == Priority.BATCH) {
      lane.enter(chain, control, Priority.BATCH, true);
      try {
        model.enter(chain, control, Priority.BATCH, false); // bounded already by the lane's permits
      } catch (RuntimeException e) {
        lane.permits.release();
        throw e;
      }
      release = releaseBoth;
    } else {
      model.enter(chain, control, control.priority(), true);
    }
    try {
      return chain.proceed(chain.inputs());
    } finally {
      control.afterRun(release);
    }
  }

  /** A set of permits with a bounded wait queue. */
  private final class Gate {
    private final Semaphore permits;
    private final int slots;
    private final int maxQueue;
    private final String label;
    private final AtomicInteger waiting = new AtomicInteger();

    Gate(int slots, int maxQueue, String label) {
      this.permits = new Semaphore(slots);
      this.slots = slots;
      this.maxQueue = maxQueue;
      this.label = label;
    }

    /** Takes a permit, waiting in the queue (if {@code queued}, within its bound) when none is free. */
    void enter(Chain chain, RunControl control, Priority priority, boolean queued) {
      if (permits.tryAcquire()) {
        return;
      }
      if (queued && waiting.incrementAndGet() > maxQueue) {
        waiting.decrementAndGet();
        throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.OVERLOADED, priority,
            "all " + slots + " " + label + "slots busy and " + maxQueue + " " + label + "calls waiting");
      }
      try {
        long remaining = control.remainingNanos();
        if (!permits.tryAcquire(Math.min(queueTimeoutNanos, remaining), TimeUnit.NANOSECONDS)) {
          if (remaining <= queueTimeoutNanos) {
            throw new DeadlineExceededException(
                modelName, chain.version().version(), control.deadline(), false);
          }
          throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.QUEUE_TIMEOUT, priority,
              "no " + label + "slot of " + slots + " freed within " + limits.queueTimeout().toMillis() + " ms");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.QUEUE_TIMEOUT, priority,
            "interrupted while waiting for a slot");
      } finally {
        if (queued) {
          waiting.decrementAndGet();
        }
      }
    }
  }
}
