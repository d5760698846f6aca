package dev.monitoredinference.embedding;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.internal.call.InterceptorWalk;
import dev.monitoredinference.runtime.RunControl;
import java.util.List;

/**
 * A {@link TextEmbedder}'s interceptors, outermost first, ending in its {@link EmbeddingPipeline}.
 * The currency is typed: the inputs carry no tensor, only the call's {@link EmbeddingRequest}; the
 * prediction carries {@link EmbeddingResult} and {@code EmbeddingUsage}. The walk enforces the
 * {@link InferenceInterceptor} contract (proceed at most once, never return null) and names the
 * interceptor that breaks it. Immutable; one walk per call.
 */
final class EmbeddingChain {
  static final String OPERATION = "embeddings";

  private final InterceptorWalk walk;

  EmbeddingChain(String name, List<InferenceInterceptor> interceptors, EmbeddingPipeline pipeline) {
    this.walk = new InterceptorWalk("embedder '" + name + "'", name, OPERATION, interceptors,
        (inputs, served, control) -> pipeline.embed(served,
            inputs.attribute(EmbeddingRequest.class).orElseThrow(() -> new IllegalStateException(
                "embedder '" + name + "' was handed inputs without an EmbeddingRequest by its"
                    + " last interceptor: " + inputs))));
  }

  /**
   * Runs one call against {@code served}, the encoder version every link of it reports; its
   * control has no deadline and is never terminated (the encoder's own calls carry its deadline and
   * shutdown) and names the caller for abuse detection.
   */
  Prediction execute(ModelVersion served, EmbeddingRequest request, CallerId caller) {
    return walk.execute(Inputs.of(EmbeddingRequest.class, request), served, RunControl.none(caller));
  }
}
