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
 * embedder's use. Each call walks it with one {@link Walk}, which enforces the {@link
 * InferenceInterceptor} contract (proceed at most once, never return null) and names the
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
    Walk walk = new Walk(version, control, inputs);
    try {
      return walk.enter(0, inputs);
    } finally {
      walk.finished = true;
    }
  }

  /** The interceptors, outermost first. */
  public List<InferenceInterceptor> interceptors() {
    return List.of(interceptors);
  }

  /**
   * One call's way through the interceptors: the chain every one of them is handed. It moves to
   * the next interceptor on {@code proceed} and back when that returns, so it always shows the
   * interceptor running now its own inputs. Interceptor {@code i} is entered only once every
   * interceptor before it has proceeded, and proceeds by entering {@code i + 1}: so the one that
   * may proceed is the deepest entered, and any other proceeding has done so before.
   */
  private final class Walk implements InferenceInterceptor.Chain {
    private final ModelVersion version;
    private final RunControl control;
    private Inputs inputs;
    private int index; // the interceptor running now (the end at interceptors.length)
    private int entered; // how many have been entered: index + 1 at the deepest
    private boolean finished;

    Walk(ModelVersion version, RunControl control, Inputs inputs) {
      this.version = version;
      this.control = control;
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
      int caller = index;
      if (finished || caller == interceptors.length) {
        throw new IllegalStateException("a chain of " + owner + " was used outside its"
            + " interceptor's intercept call:"
            + " proceed() after the call reached the runtime or ended");
      }
      if (entered != caller + 1) {
        throw new IllegalStateException("interceptor " + interceptors[caller].getClass().getName()
            + " of " + owner + " called proceed() more than once");
      }
      Inputs own = inputs;
      try {
        return enter(caller + 1, next);
      } finally {
        index = caller;
        inputs = own;
      }
    }

    /** Hands {@code given} to the interceptor at {@code level}, or to the end after the last. */
    Prediction enter(int level, Inputs given) {
      index = level;
      entered = level + 1;
      inputs = given;
      if (level == interceptors.length) {
        return end.run(given, version, control);
      }
      InferenceInterceptor interceptor = interceptors[level];
      Prediction prediction = interceptor.intercept(this);
      if (prediction == null) {
        throw new IllegalStateException("interceptor " + interceptor.getClass().getName()
            + " of " + owner + " returned null");
      }
      return prediction;
    }
  }
}
