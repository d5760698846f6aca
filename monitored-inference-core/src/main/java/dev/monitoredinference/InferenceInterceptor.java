package dev.monitoredinference;

import dev.monitoredinference.runtime.RunControl;

/**
 * The one decorator contract. Every built-in feature (metrics, validation, and those to come) is
 * an interceptor, and so is user code added with {@link
 * MonitoredModelBuilder#addInterceptor(InferenceInterceptor)} or {@link
 * MonitoredModelBuilder#addRuntimeInterceptor(InferenceInterceptor)}.
 *
 * <pre>{@code
 * InferenceInterceptor audit = chain -> {
 *   Prediction p = chain.proceed(chain.inputs());   // at most once
 *   log.info("{} served by {}", chain.modelName(), p.version());
 *   return p;
 * };
 * }</pre>
 *
 * <p>An interceptor may return without proceeding (a cache hit), may proceed with other inputs,
 * but may call {@link Chain#proceed(Inputs)} at most once: a second call throws {@link
 * IllegalStateException} naming the interceptor. The {@link Chain} is the call's, valid until
 * {@code intercept} returns: proceed on it from {@code intercept} (or from a thread that
 * {@code intercept} waits for), never after it returned or twice at once. Interceptors are shared
 * by all calls and must be thread-safe.
 */
@FunctionalInterface
public interface InferenceInterceptor {
  /** Handles one call, usually by delegating to {@code chain.proceed}. */
  Prediction intercept(Chain chain);

  /**
   * The rest of the chain for one call, valid until {@code intercept} returns: use it within that
   * call only, not from a thread that outlives it. Not thread-safe.
   */
  interface Chain {
    /** The model being called. */
    String modelName();

    /**
     * What is being done: {@code "predict"} for {@code MonitoredModel.predict}, {@code
     * "embeddings"} for {@code TextEmbedder}; the {@code operation} tag and the span name's verb.
     */
    String operation();

    /** The version that serves this call. */
    ModelVersion version();

    /** The call's deadline and terminate handle; the same object for every link of one call. */
    RunControl control();

    /** The inputs as they reach this interceptor. */
    Inputs inputs();

    /**
     * Passes {@code inputs} to the next interceptor, or to the runtime at the end of the chain.
     *
     * @throws IllegalStateException if called a second time on this chain
     */
    Prediction proceed(Inputs inputs);
  }
}
