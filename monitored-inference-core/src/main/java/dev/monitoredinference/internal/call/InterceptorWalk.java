package dev.monitoredinference.internal.call;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.RunControl;
import java.util.List;

/**
 * Interceptors, outermost first, ending in an {@link End}: the one walk both a model's chain and an
 * embedder's use. Each call walks it with one small {@link Link} per interceptor, which enforces
 * the {@link InferenceInterceptor} contract (proceed at most once, never return null) and names the
 * interceptor that breaks it. Immutable.
 */
public final class InterceptorWalk {
  /** What the last interceptor proceeds to, with the call's version and control. */
  @FunctionalInterface
  public interface End {
    Prediction run(Inputs inputs, ModelVersion version, RunControl control);
  }

  private final String owner;
  private final String modelName;
  private final String operation;
  private final InferenceInterceptor[] interceptors;
  private final End end;

  /**
   * A walk whose calls report {@code modelName} and {@code operation}; {@code owner} names the
   * model or embedder in contract errors, e.g. {@code "model 'ranker'"}.
   */
  public InterceptorWalk(String owner, String modelName, String operation,
      List<InferenceInterceptor> interceptors, End end) {
    this.owner = requireNonNull(owner, "owner");
    this.modelName = requireNonNull(modelName, "modelName");
    this.operation = requireNonNull(operation, "operation");
    this.interceptors = interceptors.toArray(new InferenceInterceptor[0]);
    this.end = requireNonNull(end, "end");
  }

  /** Runs one call served by {@code version}, controlled by {@code control}. */
  public Prediction execute(Inputs inputs, ModelVersion version, RunControl control) {
    return new Link(0, inputs, version, control).next(inputs);
  }

  /** The interceptors, outermost first. */
  public List<InferenceInterceptor> interceptors() {
    return List.of(interceptors);
  }

  private final class Link implements InferenceInterceptor.Chain {
    private final int index;
    private final Inputs inputs;
    private final ModelVersion version;
    private final RunControl control;
    private boolean proceeded;

    Link(int index, Inputs inputs, ModelVersion version, RunControl control) {
      this.index = index;
      this.inputs = inputs;
      this.version = version;
      this.control = control;
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
      return version;
    }

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
            + " of " + owner + " called proceed() more than once");
      }
      proceeded = true;
      return next(next);
    }

    /** Hands {@code next} to the interceptor at {@link #index}, or to the end after the last. */
    Prediction next(Inputs next) {
      if (index == interceptors.length) {
        return end.run(next, version, control);
      }
      InferenceInterceptor interceptor = interceptors[index];
      Prediction prediction = interceptor.intercept(new Link(index + 1, next, version, control));
      if (prediction == null) {
        throw new IllegalStateException("interceptor " + interceptor.getClass().getName()
            + " of " + owner + " returned null");
      }
      return prediction;
    }
  }
}
