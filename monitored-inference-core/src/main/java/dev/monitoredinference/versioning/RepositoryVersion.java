package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelSource;
import dev.monitoredinference.encryption.ModelKeyProvider;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One version directory of a {@link ModelRepository}: {@code <root>/<model>/<version>/model.onnx}
 * (or {@code model.onnx.enc}, encrypted),
 * with the digest from {@code model.sha256} and the labels and description from {@code
 * model.properties} when present. Immutable.
 */
public final class RepositoryVersion {
  /** The name of the file holding a version's digest, next to its {@code model.onnx}. */
  public static final String DIGEST_FILE = "model.sha256";
  /** The name of a version's model file. */
  public static final String MODEL_FILE = "model.onnx";
  /** The name of a version's encrypted model file, in place of {@link #MODEL_FILE}. */
  public static final String ENCRYPTED_MODEL_FILE = "model.onnx.enc";

  private final String model;
  private final String version;
  private final Path file;
  private final @Nullable String digest;
  private final boolean digestRequired;
  private final Set<String> labels;
  private final String description;
  private final @Nullable ModelKeyProvider keys;

  RepositoryVersion(String model, String version, Path file, @Nullable String digest,
      boolean digestRequired, Set<String> labels, String description, @Nullable ModelKeyProvider keys) {
    this.keys = keys;
    this.model = model;
    this.version = version;
    this.file = file;
    this.digest = digest;
    this.digestRequired = digestRequired;
    this.labels = Set.copyOf(labels);
    this.description = requireNonNull(description);
  }

  public String model() {
    return model;
  }

  /** The directory name: a positive integer or a validated name. */
  public String version() {
    return version;
  }

  /** The {@code model.onnx} file, or the {@code model.onnx.enc} of an {@linkplain #encrypted() encrypted} version. */
  public Path file() {
    return file;
  }

  /** Whether the version is stored encrypted ({@code model.onnx.enc}). */
  public boolean encrypted() {
    return keys != null;
  }

  /**
   * The {@code sha256:…} digest from {@code model.sha256}; loading refuses other bytes (for an
   * encrypted version, other decrypted bytes).
   */
  public Optional<String> digest() {
    return Optional.ofNullable(digest);
  }

  /** Where the digest is read from: {@code model.sha256} next to {@link #file()}, present or not. */
  public Path digestFile() {
    return file.resolveSibling(DIGEST_FILE);
  }

  /**
   * Whether loading refuses this version while it has no {@link #digest()}: true unless its
   * repository {@linkplain ModelRepository#allowVersionsWithoutDigest() allows} that.
   */
  public boolean digestRequired() {
    return digestRequired;
  }

  /** Labels from {@code model.properties} ({@code labels=stable,canary}). */
  public Set<String> labels() {
    return labels;
  }

  /** {@code description} from {@code model.properties}, or empty. */
  public String description() {
    return description;
  }

  /** The model file as a source; an encrypted one is decrypted in memory. */
  public ModelSource source() {
    ModelKeyProvider decrypting = keys;
    return decrypting == null ? ModelSource.file(file) : ModelSource.encrypted(file, decrypting);
  }

  /** The numeric value of an integer version, or -1 for a named one. */
  long number() {
    return version.chars().allMatch(Character::isDigit) && version.length() <= 18 ? Long.parseLong(version) : -1;
  }

  @Override
  public String toString() {
    return model + " version " + version + (labels.isEmpty() ? "" : " " + labels);
  }
}
