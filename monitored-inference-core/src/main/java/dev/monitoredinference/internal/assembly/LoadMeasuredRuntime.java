package dev.monitoredinference.internal.assembly;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.runtime.RunControl;

/**
 * A loaded runtime whose {@link #version()} carries the native memory measured around its load;
 * everything else is the runtime's own. A wrapper because the loader builds the version before the
 * load is over, and only the code around the load can know the difference.
 */
final class LoadMeasuredRuntime implements ModelRuntime {
  private final ModelRuntime runtime;
  private final ModelVersion version;

  LoadMeasuredRuntime(ModelRuntime runtime, long nativeBytes) {
    this.runtime = runtime;
    this.version = runtime.version().withNativeMemoryAtLoad(nativeBytes);
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public Prediction run(Inputs inputs) {
    return runtime.run(inputs);
  }

  @Override
  public Prediction run(Inputs inputs, RunControl control) {
    return runtime.run(inputs, control);
  }

  @Override
  public long liveNativeObjects() {
    return runtime.liveNativeObjects();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
