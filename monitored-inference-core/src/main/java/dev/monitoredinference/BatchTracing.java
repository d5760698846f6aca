package dev.monitoredinference;

import java.util.List;
import java.util.function.Supplier;

/**
 * Implemented by tracing interceptors so that a micro-batched run is traced as one span linked to
 * the span of every call in the batch. {@code TextEmbedder} looks for it among its interceptors,
 * as {@link MonitoredModel#predictAsync} looks for {@link ContextPropagating}.
 */
public interface BatchTracing {
  /** The current thread's trace context, taken when a call joins a batch; opaque to callers. */
  Object currentContext();

  /**
   * Runs {@code run} inside one span for a batched run of model {@code modelName}, linked to each
   * of {@code contexts} (values of {@link #currentContext()}), and returns its result.
   */
  <R> R traceBatch(String modelName, List<Object> contexts, Supplier<R> run);
}
