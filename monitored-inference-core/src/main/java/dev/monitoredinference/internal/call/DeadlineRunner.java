package dev.monitoredinference.internal.call;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.ModelRuntime;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs a call that has a deadline on a worker thread while the caller waits at most until the
 * deadline: a native run cannot be interrupted, so only another thread lets the caller leave on
 * time. At the deadline the caller terminates the run and throws; the worker keeps the call's
 * permit and lease ({@link CallControl#afterRun}) until the native call has returned.
 *
 * <p>Workers are daemon threads of one shared, unbounded cached pool: each holds one run, so their
 * number is bounded by the calls in flight (admission bounds those), plus abandoned runs until
 * they return. Cost: one hand-off per call; the caller spins up to 20 µs before it parks, which
 * spares a fast run the second thread wake-up (measured on a 2-vCPU VM: about 19 instead of 59 µs
 * per call, see docs/benchmarks.md, "Admission control, circuit breaker and deadlines") and costs
 * a slow run at most 20 µs of the caller's CPU.
 */
final class DeadlineRunner {
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(new Daemons());

  /** How long the caller spins for the result before it parks. */
  private static final long SPIN_NANOS = 20_000;

  private DeadlineRunner() {}

  static Prediction run(ModelRuntime runtime, Inputs inputs, CallControl control) {
    ModelVersion version = runtime.version();
    FutureTask<Prediction> task = new FutureTask<>(() -> {
      try {
        return runtime.run(inputs, control);
      } finally {
        control.runReturned();
      }
    });
    WORKERS.execute(task);
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (!task.isDone() && System.nanoTime() < spinUntil) {
      Thread.onSpinWait();
    }
    try {
      return task.get(Math.max(0, control.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return leave(task, control, version);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // a caller that gives up is treated as out of time
      return leave(task, control, version);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  private static Prediction leave(FutureTask<Prediction> task, CallControl control, ModelVersion version) {
    if (!control.abandon()) {
      return finished(task); // it returned as the wait ended: take its outcome
    }
    control.terminate(CallControl.Termination.DEADLINE);
    throw control.expired(version, true);
  }

  private static Prediction finished(FutureTask<Prediction> task) {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException rethrow(@Nullable Throwable cause) {
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    throw new IllegalStateException("the runtime threw a checked exception", cause);
  }

  private static final class Daemons implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "monitored-inference-deadline-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
