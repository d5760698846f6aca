package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

/** What a {@link ModelLoader} is asked to load, and how. Immutable. */
public final class LoadRequest {
  private final String modelName;
  private final ModelSource source;
  private final DevicePolicy devicePolicy;
  private final RuntimeOptions options;

  private LoadRequest(
      String modelName, ModelSource source, DevicePolicy devicePolicy, RuntimeOptions options) {
    this.modelName = requireNonNull(modelName, "modelName");
    this.source = requireNonNull(source, "source");
    this.devicePolicy = requireNonNull(devicePolicy, "devicePolicy");
    this.options = requireNonNull(options, "options");
  }

  public static LoadRequest of(
      String modelName, ModelSource source, DevicePolicy devicePolicy, RuntimeOptions options) {
    return new LoadRequest(modelName, source, devicePolicy, options);
  }

  public String modelName() {
    return modelName;
  }

  public ModelSource source() {
    return source;
  }

  public DevicePolicy devicePolicy() {
    return devicePolicy;
  }

  public RuntimeOptions options() {
    return options;
  }
}
