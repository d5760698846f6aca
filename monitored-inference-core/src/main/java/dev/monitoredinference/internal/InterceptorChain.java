package dev.monitoredinference.internal;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelRuntime;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import java.util.List;

/**
 * An immutable chain of interceptors ending in a runtime. Each call walks it with one small {@link
 * Link} per interceptor, which enforces "proceed at most once" and names the interceptor that
 * breaks it.
 */
public final class InterceptorChain {
  private final String modelName;
  private final String operation;
  private final InferenceInterceptor[] interceptors;
  private final ModelRuntime runtime;

  public InterceptorChain(
      String modelName, List<InferenceInterceptor> interceptors, ModelRuntime runtime) {
    this(modelName, "predict", interceptors, runtime);
  }

  /** A chain whose calls report {@code operation}, e.g. {@code "embeddings"}. */
  public InterceptorChain(
      String modelName, String operation, List<InferenceInterceptor> interceptors, ModelRuntime runtime) {
    this.modelName = requireNonNull(modelName, "modelName");
    this.operation = requireNonNull(operation, "operation");
    this.interceptors = interceptors.toArray(new InferenceInterceptor[0]);
    this.runtime = requireNonNull(runtime, "runtime");
  }

  /** Runs one call through every interceptor and the runtime. */
  public Prediction execute(Inputs inputs) {
    return new Link(0, inputs).next(inputs);
  }

  /** The interceptors, outermost first. */
  public List<InferenceInterceptor> interceptors() {
    return List.of(interceptors);
  }

  private final class Link implements InferenceInterceptor.Chain {
    private final int index;
    private final Inputs inputs;
    private boolean proceeded;

    Link(int index, Inputs inputs) {
      this.index = index;
      this.inputs = inputs;
    }

    @Override
    public String modelName() {
      return modelName;
    }

    @Override
    public String operation() {
      return operation;
    }

    @Override
    public ModelVersion version() {
      return runtime.version();
    }

    @Override
    public Inputs inputs() {
      return inputs;
    }

    @Override
    public Prediction proceed(Inputs next) {
      requireNonNull(next, "inputs");
      if (proceeded) {
        throw new IllegalStateException(
            "interceptor " + describe(interceptors[index - 1]) + " of model '" + modelName
                + "' called proceed() more than once");
      }
      proceeded = true;
      return next(next);
    }

    /** Hands {@code next} to the interceptor at {@link #index}, or to the runtime after the last. */
    Prediction next(Inputs next) {
      if (index == interceptors.length) {
        return runtime.run(next);
      }
      InferenceInterceptor interceptor = interceptors[index];
      Prediction prediction = interceptor.intercept(new Link(index + 1, next));
      if (prediction == null) {
        throw new IllegalStateException(
            "interceptor " + describe(interceptor) + " of model '" + modelName
                + "' returned null");
      }
      return prediction;
    }
  }

  private static String describe(InferenceInterceptor interceptor) {
    return interceptor.getClass().getName();
  }
}
