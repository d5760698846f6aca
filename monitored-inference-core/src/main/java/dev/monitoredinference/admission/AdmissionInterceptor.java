package dev.monitoredinference.admission;

import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.RunControl;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds a permit for the rest of the chain: taken without waiting when one is free, else after a
 * bounded wait in a bounded queue, never past the call's deadline; released when the native run
 * has returned, which for a call that left at its deadline is later than the call ({@link
 * RunControl#afterRun}).
 */
final class AdmissionInterceptor implements InferenceInterceptor {
  private final String modelName;
  private final AdmissionConfig limits;
  private final Semaphore permits;
  private final AtomicInteger waiting = new AtomicInteger();
  private final long queueTimeoutNanos;
  private final Runnable releasePermit;

  AdmissionInterceptor(String modelName, AdmissionConfig limits) {
    this.modelName = modelName;
    this.limits = limits;
    this.permits = new Semaphore(limits.maxConcurrent());
    this.queueTimeoutNanos = limits.queueTimeout().toNanos();
    this.releasePermit = permits::release;
  }

  @Override
  public Prediction intercept(Chain chain) {
    RunControl control = chain.control();
    if (!permits.tryAcquire()) {
      await(chain, control);
    }
    try {
      return chain.proceed(chain.inputs());
    } finally {
      control.afterRun(releasePermit);
    }
  }

  private void await(Chain chain, RunControl control) {
    if (waiting.incrementAndGet() > limits.maxQueue()) {
      waiting.decrementAndGet();
      throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.OVERLOADED,
          "all " + limits.maxConcurrent() + " slots busy and " + limits.maxQueue() + " calls waiting");
    }
    try {
      long remaining = control.remainingNanos();
      if (!permits.tryAcquire(Math.min(queueTimeoutNanos, remaining), TimeUnit.NANOSECONDS)) {
        if (remaining <= queueTimeoutNanos) {
          throw new DeadlineExceededException(
              modelName, chain.version().version(), control.deadline(), false);
        }
        throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.QUEUE_TIMEOUT,
            "no slot of " + limits.maxConcurrent() + " freed within " + limits.queueTimeout().toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.QUEUE_TIMEOUT,
          "interrupted while waiting for a slot");
    } finally {
      waiting.decrementAndGet();
    }
  }
}
