package dev.monitoredinference;

import java.util.List;
import java.util.function.Supplier;

/**
 * Traces a micro-batched run as one span linked to the span of every call in the batch.
 * Registered explicitly with {@code TextEmbedderBuilder.batchTracer(...)} (the OTel module's
 * {@code InferenceTelemetry.instrument(TextEmbedderBuilder)} does it); never found by looking
 * through the interceptors.
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
