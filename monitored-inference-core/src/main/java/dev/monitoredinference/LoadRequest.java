package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.Digests;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a {@link ModelLoader} is asked to load, and how. Immutable. */
public final class LoadRequest {
  private final String modelName;
  private final ModelSource source;
  private final DevicePolicy devicePolicy;
  private final RuntimeOptions options;
  private final @Nullable String expectedDigest;

  private LoadRequest(
      String modelName,
      ModelSource source,
      DevicePolicy devicePolicy,
      RuntimeOptions options,
      @Nullable String expectedDigest) {
    this.modelName = requireNonNull(modelName, "modelName");
    this.source = requireNonNull(source, "source");
    this.devicePolicy = requireNonNull(devicePolicy, "devicePolicy");
    this.options = requireNonNull(options, "options");
    this.expectedDigest =
        expectedDigest == null ? null : Digests.checkSha256("expectedDigest", expectedDigest);
  }

  public static LoadRequest of(
      String modelName, ModelSource source, DevicePolicy devicePolicy, RuntimeOptions options) {
    return new LoadRequest(modelName, source, devicePolicy, options, null);
  }

  /** This request, refusing bytes whose SHA-256 is not {@code digest} ({@code "sha256:<hex>"}). */
  public LoadRequest withExpectedDigest(String digest) {
    return new LoadRequest(modelName, source, devicePolicy, options, requireNonNull(digest, "digest"));
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

  /** The digest the bytes must have, if one was pinned. */
  public Optional<String> expectedDigest() {
    return Optional.ofNullable(expectedDigest);
  }
}
