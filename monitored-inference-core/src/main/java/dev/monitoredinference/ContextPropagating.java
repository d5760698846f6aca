package dev.monitoredinference;

/**
 * Implemented by interceptors that depend on the caller's thread-local context (a tracing span,
 * a logging MDC): {@link MonitoredModel#predictAsync} asks each of them to wrap the task it hands
 * to the executor, so the call runs in the context it was made in.
 */
@FunctionalInterface
public interface ContextPropagating {
  /** {@code task}, made to run in the current thread's context wherever it runs. */
  Runnable wrap(Runnable task);
}
