package dev.monitoredinference.internal.call;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.runtime.RunControl;
import java.util.List;

/**
 * An immutable chain of interceptors ending in a runtime. Each call walks it with one small {@link
 * Link} per interceptor, which enforces "proceed at most once" and names the interceptor that
 * breaks it. At the end it refuses to start a run whose call is out of time or terminated, and
 * hands a run with a deadline to {@link DeadlineRunner}.
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

  /** Runs one call, controlled by {@code control}, through every interceptor and the runtime. */
  public Prediction execute(Inputs inputs, CallControl control) {
    return new Link(0, inputs, control).next(inputs);
  }

  /** The interceptors, outermost first. */
  public List<InferenceInterceptor> interceptors() {
    return List.of(interceptors);
  }

  private final class Link implements InferenceInterceptor.Chain {
    private final int index;
    private final Inputs inputs;
    private final CallControl control;
    private boolean proceeded;

    Link(int index, Inputs inputs, CallControl control) {
      this.index = index;
      this.inputs = inputs;
      this.control = control;
    }

    @Override
    public RunControl control() {
      return control;
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
        return run(next, control);
      }
      InferenceInterceptor interceptor = interceptors[index];
      Prediction prediction = interceptor.intercept(new Link(index + 1, next, control));
      if (prediction == null) {
        throw new IllegalStateException(
            "interceptor " + describe(interceptor) + " of model '" + modelName
                + "' returned null");
      }
      return prediction;
    }
  }

  /** Nothing starts after its deadline or once terminated; a terminated run fails typed. */
  private Prediction run(Inputs inputs, CallControl control) {
    if (control.isTerminated() || control.remainingNanos() <= 0) {
      throw control.isTerminated()
          ? control.terminatedFailure(runtime.version(), false)
          : control.expired(runtime.version(), false);
    }
    try {
      return control.hasDeadline()
          ? DeadlineRunner.run(runtime, inputs, control)
          : runtime.run(inputs, control);
    } catch (RuntimeException failure) {
      if (!control.isTerminated()
          || failure instanceof DeadlineExceededException
          || failure instanceof ModelClosedException) {
        throw failure;
      }
      InferenceException typed = control.terminatedFailure(runtime.version(), true);
      typed.addSuppressed(failure);
      throw typed;
    }
  }

  private static String describe(InferenceInterceptor interceptor) {
    return interceptor.getClass().getName();
  }
}
