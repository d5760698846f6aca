package dev.monitoredinference.runtime;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelSource;
import dev.monitoredinference.internal.Digests;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ModelLoader} is asked to load, and on which device. Engine settings (threads,
 * optimisation) belong to the loader. Immutable.
 */
public final class LoadRequest {
  private final String modelName;
  private final ModelSource source;
  private final DevicePolicy devicePolicy;
  private final @Nullable String expectedDigest;
  private final @Nullable String versionName;
  private final Set<String> labels;

  private LoadRequest(
      String modelName,
      ModelSource source,
      DevicePolicy devicePolicy,
      @Nullable String expectedDigest,
      @Nullable String versionName,
      Set<String> labels) {
    this.modelName = requireNonNull(modelName, "modelName");
    this.source = requireNonNull(source, "source");
    this.devicePolicy = requireNonNull(devicePolicy, "devicePolicy");
    this.expectedDigest =
        expectedDigest == null ? null : Digests.checkSha256("expectedDigest", expectedDigest);
    this.versionName = versionName;
    this.labels = Set.copyOf(labels);
  }

  public static LoadRequest of(
      String modelName, ModelSource source, DevicePolicy devicePolicy) {
    return new LoadRequest(modelName, source, devicePolicy, null, null, Set.of());
  }

  /** This request, refusing bytes whose SHA-256 is not {@code digest} ({@code "sha256:<hex>"}). */
  public LoadRequest withExpectedDigest(String digest) {
    return new LoadRequest(
        modelName, source, devicePolicy, requireNonNull(digest, "digest"), versionName, labels);
  }

  /**
   * This request, naming the version {@code versionName} (e.g. its repository directory) with
   * {@code labels}, instead of the model's own {@code model_version}.
   */
  public LoadRequest withVersion(String versionName, Set<String> labels) {
    return new LoadRequest(modelName, source, devicePolicy, expectedDigest,
        requireNonNull(versionName, "versionName"), requireNonNull(labels, "labels"));
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

  /** The version name to report, if the caller knows it (a repository directory). */
  public Optional<String> versionName() {
    return Optional.ofNullable(versionName);
  }

  /** Labels of the version, e.g. {@code stable}; empty unless given. */
  public Set<String> labels() {
    return labels;
  }

  /** The digest the bytes must have, if one was pinned. */
  public Optional<String> expectedDigest() {
    return Optional.ofNullable(expectedDigest);
  }
}
