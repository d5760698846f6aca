package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.RunControl;
import java.util.List;

/**
 * A {@link TextEmbedder}'s interceptors, outermost first, ending in its {@link EmbeddingPipeline}.
 * The currency is typed: the inputs carry no tensor, only the call's {@link EmbeddingRequest}; the
 * prediction carries {@link EmbeddingResult} and {@code EmbeddingUsage}. Each link enforces the
 * {@link InferenceInterceptor} contract (proceed at most once, never return null) and names the
 * interceptor that breaks it. Immutable; one walk per call.
 */
final class EmbeddingChain {
  static final String OPERATION = "embeddings";

  private final String name;
  private final InferenceInterceptor[] interceptors;
  private final EmbeddingPipeline pipeline;

  EmbeddingChain(String name, List<InferenceInterceptor> interceptors, EmbeddingPipeline pipeline) {
    this.name = name;
    this.interceptors = interceptors.toArray(new InferenceInterceptor[0]);
    this.pipeline = pipeline;
  }

  /** Runs one call against {@code served}, the encoder version every link of it reports. */
  Prediction execute(ModelVersion served, EmbeddingRequest request, CallerId caller) {
    Inputs inputs = Inputs.of(EmbeddingRequest.class, request);
    return new Link(0, inputs, served, RunControl.none(caller)).next(inputs);
  }

  private final class Link implements InferenceInterceptor.Chain {
    private final int index;
    private final Inputs inputs;
    private final ModelVersion served;
    private final RunControl control;
    private boolean proceeded;

    Link(int index, Inputs inputs, ModelVersion served, RunControl control) {
      this.index = index;
      this.inputs = inputs;
      this.served = served;
      this.control = control;
    }

    @Override
    public String modelName() {
      return name;
    }

    @Override
    public String operation() {
      return OPERATION;
    }

    @Override
    public ModelVersion version() {
      return served;
    }

    /**
     * No deadline, never terminated (the encoder's own calls carry its deadline and shutdown);
     * names the caller for abuse detection.
     */
    @Override
    public RunControl control() {
      return control;
    }

    @Override
    public Inputs inputs() {
      return inputs;
    }

    @Override
    public Prediction proceed(Inputs next) {
      requireNonNull(next, "inputs");
      if (proceeded) {
        throw new IllegalStateException("interceptor " + interceptors[index - 1].getClass().getName()
            + " of embedder '" + name + "' called proceed() more than once");
      }
      proceeded = true;
      return next(next);
    }

    Prediction next(Inputs next) {
      if (index == interceptors.length) {
        EmbeddingRequest request = next.attribute(EmbeddingRequest.class).orElseThrow(() ->
            new IllegalStateException("embedder '" + name + "' was handed inputs without an"
                + " EmbeddingRequest by its last interceptor: " + next));
        return pipeline.embed(served, request);
      }
      InferenceInterceptor interceptor = interceptors[index];
      Prediction prediction = interceptor.intercept(new Link(index + 1, next, served, control));
      if (prediction == null) {
        throw new IllegalStateException("interceptor " + interceptor.getClass().getName()
            + " of embedder '" + name + "' returned null");
      }
      return prediction;
    }
  }
}
