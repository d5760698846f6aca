package dev.monitoredinference.admission;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelOverloadedException;
import dev.monitoredinference.Prediction;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds a permit for the rest of the chain: taken without waiting when one is free, else after a
 * bounded wait in a bounded queue; released when the call (and so the native run) has returned.
 */
final class AdmissionInterceptor implements InferenceInterceptor {
  private final String modelName;
  private final AdmissionControl limits;
  private final Semaphore permits;
  private final AtomicInteger waiting = new AtomicInteger();
  private final long queueTimeoutNanos;

  AdmissionInterceptor(String modelName, AdmissionControl limits) {
    this.modelName = modelName;
    this.limits = limits;
    this.permits = new Semaphore(limits.maxConcurrent());
    this.queueTimeoutNanos = limits.queueTimeout().toNanos();
  }

  @Override
  public Prediction intercept(Chain chain) {
    if (!permits.tryAcquire()) {
      await();
    }
    try {
      return chain.proceed(chain.inputs());
    } finally {
      permits.release();
    }
  }

  private void await() {
    if (waiting.incrementAndGet() > limits.maxQueue()) {
      waiting.decrementAndGet();
      throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.OVERLOADED,
          "all " + limits.maxConcurrent() + " slots busy and " + limits.maxQueue() + " calls waiting");
    }
    try {
      if (!permits.tryAcquire(queueTimeoutNanos, TimeUnit.NANOSECONDS)) {
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
