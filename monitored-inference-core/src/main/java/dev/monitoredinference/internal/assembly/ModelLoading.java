package dev.monitoredinference.internal.assembly;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelSource;
import dev.monitoredinference.resources.ProcessMemory;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.runtime.LoadRequest;
import dev.monitoredinference.runtime.ModelLoader;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.versioning.ModelDeployer;
import dev.monitoredinference.versioning.RepositoryVersion;
import java.util.OptionalLong;
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
  private final Consumer<LoadOutcome> counter;
  private final @Nullable ProcessMemory memory;

  /**
   * {@code counter} records a load's outcome (in {@code model.loads}, when metrics are on); with
   * {@code memory}, each loaded version carries the resident-memory growth its load caused.
   */
  public ModelLoading(String name, ModelLoader loader, DevicePolicy device,
      Consumer<LoadOutcome> counter, @Nullable ProcessMemory memory) {
    this.name = name;
    this.loader = loader;
    this.device = device;
    this.counter = counter;
    this.memory = memory;
  }

  /** Loads {@code source}, refusing bytes whose digest is not {@code digest} (if given). */
  public ModelRuntime load(ModelSource source, @Nullable String digest) {
    return load(LoadRequest.of(name, source, device), digest);
  }

  /** {@link #load(RepositoryVersion, String)} with nothing pinned. */
  public ModelRuntime load(RepositoryVersion version) {
    return load(version, null);
  }

  /**
   * Loads a repository version under its directory name and labels, refusing bytes whose digest is
   * not the one in its {@code model.sha256}, nor {@code pinned} (if given). A version without
   * {@code model.sha256} is refused unless its repository allows that, and one whose {@code
   * model.sha256} names another digest than {@code pinned} is refused before it is read.
   */
  public ModelRuntime load(RepositoryVersion version, @Nullable String pinned) {
    String declared = version.digest().orElse(null);
    if (declared == null && version.digestRequired()) {
      throw counted(new ModelLoadException(name, LoadOutcome.DIGEST_MISSING, "model '" + name
          + "' version " + version.version() + " has no " + RepositoryVersion.DIGEST_FILE + " ("
          + version.digestFile() + "); refusing to load it unchecked: write the SHA-256 of its "
          + (version.encrypted() ? "decrypted model" : "model.onnx")
          + " there, or opt out with ModelRepository.allowVersionsWithoutDigest()", null));
    }
    if (declared != null && pinned != null && !declared.equals(pinned)) {
      throw counted(new ModelIntegrityException(name, "version " + version.version() + ", whose "
          + RepositoryVersion.DIGEST_FILE + " (" + version.digestFile() + ")", pinned, declared));
    }
    return load(LoadRequest.of(name, version.source(), device)
        .withVersion(version.version(), version.labels()), pinned != null ? pinned : declared);
  }

  private ModelRuntime load(LoadRequest request, @Nullable String digest) {
    OptionalLong before = memory != null ? memory.residentBytes() : OptionalLong.empty();
    ModelRuntime runtime;
    try {
      runtime = requireNonNull(loader.load(digest == null ? request : request.withExpectedDigest(digest)),
          "the loader returned no runtime");
    } catch (ModelLoadException e) {
      throw counted(e);
    }
    OptionalLong after = memory != null ? memory.residentBytes() : OptionalLong.empty();
    if (before.isEmpty() || after.isEmpty()) {
      return runtime;
    }
    // Pages freed during the load (a collection) can make the delta negative: none attributed.
    return new LoadMeasuredRuntime(runtime, Math.max(0, after.getAsLong() - before.getAsLong()));
  }

  private ModelLoadException counted(ModelLoadException e) {
    count(e.outcome());
    return e;
  }

  /** Counts one load of the model that ended with {@code outcome}. */
  public void count(LoadOutcome outcome) {
    counter.accept(outcome);
  }
}
