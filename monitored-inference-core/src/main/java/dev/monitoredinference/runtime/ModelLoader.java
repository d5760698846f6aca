package dev.monitoredinference.runtime;

import dev.monitoredinference.ModelLoadException;

/**
 * Turns a {@link LoadRequest} into a running {@link ModelRuntime}. The default is {@link
 * dev.monitoredinference.onnx.OnnxModelLoader}; supply another to run models on something else.
 */
@FunctionalInterface
public interface ModelLoader {
  /**
   * Loads a model, honouring the request's device policy.
   *
   * @throws ModelLoadException if the model cannot be loaded
   * @throws DeviceUnavailableException if the policy requires a device that cannot be used
   */
  ModelRuntime load(LoadRequest request);
}
