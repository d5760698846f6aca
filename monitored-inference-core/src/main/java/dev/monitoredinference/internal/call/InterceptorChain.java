package dev.monitoredinference.internal.call;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.DeadlineExceededException;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.ModelRuntime;
import java.util.List;

/**
 * An immutable chain of interceptors ending in a runtime (an {@link InterceptorWalk}). At the end
 * it refuses to start a run whose call is out of time or terminated, and hands a run with a
 * deadline to {@link DeadlineRunner}.
 */
public final class InterceptorChain {
  private final ModelRuntime runtime;
  private final InterceptorWalk walk;

  public InterceptorChain(
      String modelName, List<InferenceInterceptor> interceptors, ModelRuntime runtime) {
    this.runtime = requireNonNull(runtime, "runtime");
    this.walk = new InterceptorWalk("model '" + requireNonNull(modelName, "modelName") + "'",
        modelName, "predict", interceptors, (inputs, version, control) -> run(inputs, (CallControl) control));
  }

  /** Runs one call, controlled by {@code control}, through every interceptor and the runtime. */
  public Prediction execute(Inputs inputs, CallControl control) {
    return walk.execute(inputs, runtime.version(), control);
  }

  /** The interceptors, outermost first. */
  public List<InferenceInterceptor> interceptors() {
    return walk.interceptors();
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
}
