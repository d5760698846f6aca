package dev.monitoredinference.internal.assembly;

import dev.monitoredinference.internal.call.InterceptorChain;
import dev.monitoredinference.internal.call.ServingVersion;
import dev.monitoredinference.internal.metrics.ModelMetrics;
import dev.monitoredinference.internal.metrics.VersionMetrics;
import dev.monitoredinference.validation.InputSchema;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the chain for each loaded version of one model: the model-level links (application
 * interceptors, request timing, anomaly detection, breaker, admission), shared by every version,
 * then the version's own (signature check, validation bound to its signature, drift,
 * runtime interceptors, its run timer). Drift is model-level but sits after validation, so it is linked
 * into each version's part.
 */
public final class VersionAssembly {
  private final String name;
  private final List<InferenceInterceptor> modelLinks;
  private final InputSchema schema;
  private final @Nullable InferenceInterceptor drift;
  private final List<InferenceInterceptor> runtimeInterceptors;
  private final @Nullable ModelMetrics metrics;

  public VersionAssembly(String name, List<InferenceInterceptor> modelLinks, InputSchema schema,
      @Nullable InferenceInterceptor drift, List<InferenceInterceptor> runtimeInterceptors,
      @Nullable ModelMetrics metrics) {
    this.drift = drift;
    this.name = name;
    this.modelLinks = List.copyOf(modelLinks);
    this.schema = schema;
    this.runtimeInterceptors = List.copyOf(runtimeInterceptors);
    this.metrics = metrics;
  }

  /**
   * The serving form of {@code loaded}; does not close it on failure.
   *
   * @throws IllegalArgumentException if a validation rule names an input the version lacks
   */
  public ServingVersion assemble(ModelRuntime loaded) {
    ModelVersion version = loaded.version();
    InferenceInterceptor validation = schema.isSignatureOnly() ? null : schema.bind(version);
    // Registered last: nothing after it can fail and leave its gauge behind.
    VersionMetrics versionMetrics = metrics == null ? null : metrics.forVersion(version);
    List<InferenceInterceptor> versionLinks = new ArrayList<>();
    versionLinks.add(SignatureCheck.of(schema.allowsEmptyTensors()));
    if (validation != null) {
      versionLinks.add(validation);
    }
    if (drift != null) {
      versionLinks.add(drift); // after validation: only valid inputs are sketched; sees the outputs too
    }
    versionLinks.addAll(runtimeInterceptors);
    if (versionMetrics != null) {
      versionLinks.add(versionMetrics.runTiming());
    }
    List<InferenceInterceptor> links = new ArrayList<>(modelLinks);
    links.addAll(versionLinks);
    return new ServingVersion(loaded, new InterceptorChain(name, links, loaded),
        new InterceptorChain(name, versionLinks, loaded),
        versionMetrics != null ? versionMetrics : () -> {});
  }
}
