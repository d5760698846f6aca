package dev.monitoredinference.testing;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.runtime.RunControl;

/**
 * A runtime that forwards every call to another, for tests that wrap a real runtime to watch or
 * script it (count closes, fail or hold runs): override what the test changes, usually {@link
 * #run(Inputs, RunControl)} or {@link #close()}, and call the super method to forward.
 */
public abstract class ForwardingModelRuntime implements ModelRuntime {
  private final ModelRuntime delegate;

  protected ForwardingModelRuntime(ModelRuntime delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  @Override
  public ModelVersion version() {
    return delegate.version();
  }

  /** Forwards to {@link #run(Inputs, RunControl)} without control, so one override sees every run. */
  @Override
  public Prediction run(Inputs inputs) {
    return run(inputs, RunControl.none());
  }

  @Override
  public Prediction run(Inputs inputs, RunControl control) {
    return delegate.run(inputs, control);
  }

  @Override
  public long liveNativeObjects() {
    return delegate.liveNativeObjects();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
