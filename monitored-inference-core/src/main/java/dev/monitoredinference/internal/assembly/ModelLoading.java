package dev.monitoredinference.internal.assembly;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.versioning.RepositoryVersion;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.runtime.LoadRequest;
import dev.monitoredinference.runtime.ModelLoader;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelSource;
import dev.monitoredinference.RuntimeOptions;
import dev.monitoredinference.versioning.ModelDeployer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Loads one model's sources with the load settings a builder had when it built (later changes to
 * the builder do not reach a built model), and counts loads in {@code model.loads}: failures as
 * they happen, successes by whoever puts the runtime to use ({@link #count}). Shared by the builder
 * and the {@link ModelDeployer}.
 */
public final class ModelLoading {
  private final String name;
  private final ModelLoader loader;
  private final DevicePolicy device;
  private final RuntimeOptions options;
  private final Consumer<LoadOutcome> counter;

  /** {@code counter} records a load's outcome (in {@code model.loads}, when metrics are on). */
  public ModelLoading(String name, @Nullable ModelLoader loader, DevicePolicy device, RuntimeOptions options,
      Consumer<LoadOutcome> counter) {
    this.name = name;
    this.loader = loader != null ? loader : OnnxModelLoader.create();
    this.device = device;
    this.options = options;
    this.counter = counter;
  }

  /** Loads {@code source}, refusing bytes whose digest is not {@code digest} (if given). */
  public ModelRuntime load(ModelSource source, @Nullable String digest) {
    return load(LoadRequest.of(name, source, device, options), digest);
  }

  /** Loads a repository version under its directory name and labels, checked against its digest. */
  public ModelRuntime load(RepositoryVersion version) {
    return load(LoadRequest.of(name, version.source(), device, options)
        .withVersion(version.version(), version.labels()), version.digest().orElse(null));
  }

  private ModelRuntime load(LoadRequest request, @Nullable String digest) {
    try {
      return requireNonNull(loader.load(digest == null ? request : request.withExpectedDigest(digest)),
          "the loader returned no runtime");
    } catch (ModelLoadException e) {
      count(e.outcome());
      throw e;
    }
  }

  /** Counts one load of the model that ended with {@code outcome}. */
  public void count(LoadOutcome outcome) {
    counter.accept(outcome);
  }
}
