package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.encryption.ModelKeyProvider;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model versions in a directory tree: {@code <root>/<model>/<version>/model.onnx}, with a {@code
 * model.sha256} (the digest loading must see: {@code sha256:<hex>} or {@code sha256sum} output)
 * and an optional {@code model.properties} ({@code labels=stable,canary}, {@code description=…}).
 *
 * <pre>{@code
 * ModelRepository repository = ModelRepository.directory(Path.of("/srv/models"));
 * RepositoryVersion stable = repository.resolve("ranker", VersionPin.label("stable"));
 * }</pre>
 *
 * <p>Loading a version without {@code model.sha256} fails ({@code ModelLoadException} with outcome
 * {@code DIGEST_MISSING}): without a digest nothing notices a corrupted file that still parses as
 * a model, e.g. most single-bit flips in its weights. {@link #allowVersionsWithoutDigest()} opts
 * out. Such a version is still listed, so that a pin selecting it fails with that reason rather
 * than falling back to another version.
 *
 * <p>Model names and versions are positive integers ({@code 7}) or names of letters, digits,
 * {@code .}, {@code _}, {@code -} starting with a letter; anything that could leave the root
 * (separators, {@code ..}, symbolic links pointing outside) is refused or skipped. A version
 * directory without a regular {@code model.onnx}, or with an unreadable {@code model.sha256}, is
 * incomplete and not listed. Immutable and thread-safe; every call reads the directory afresh.
 *
 * <p>A version may instead hold {@code model.onnx.enc}, the model encrypted by {@code
 * ModelEncryption}; {@link #decryptingWith} supplies the keys, and its {@code model.sha256} is the
 * digest of the decrypted model. Encrypted and plain versions can sit side by side; a directory
 * holding both files is ambiguous and not listed.
 */
public final class ModelRepository {
  private static final Logger log = LoggerFactory.getLogger(ModelRepository.class);
  private static final Pattern INTEGER = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final Path root;
  private final boolean digestRequired;
  private final @Nullable ModelKeyProvider keys;

  private ModelRepository(Path root, boolean digestRequired, @Nullable ModelKeyProvider keys) {
    this.root = root;
    this.digestRequired = digestRequired;
    this.keys = keys;
  }

  /**
   * The repository under {@code root}, whose versions load only with a {@code model.sha256}.
   *
   * @throws IllegalArgumentException if {@code root} is not a readable directory
   */
  public static ModelRepository directory(Path root) {
    requireNonNull(root, "root");
    try {
      Path real = root.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new IllegalArgumentException("model repository " + root + " is not a directory");
      }
      return new ModelRepository(real, true, null);
    } catch (IOException e) {
      throw new IllegalArgumentException("model repository " + root + " cannot be read: " + e, e);
    }
  }

  /**
   * This repository, also loading versions that have no {@code model.sha256}; their bytes are
   * then loaded unchecked. A {@code model.sha256} that is present is still checked.
   *
   * <pre>{@code
   * ModelRepository.directory(Path.of("/srv/models")).allowVersionsWithoutDigest()
   * }</pre>
   */
  public ModelRepository allowVersionsWithoutDigest() {
    return new ModelRepository(root, false, keys);
  }

  /**
   * This repository, decrypting versions stored as {@code model.onnx.enc} with {@code keys}; the
   * plaintext stays in memory. Without it such versions are listed but fail to load ({@code
   * unreadable}).
   *
   * <pre>{@code
   * ModelRepository.directory(Path.of("/srv/models")).decryptingWith(ModelKeyProvider.file(keyFile))
   * }</pre>
   */
  public ModelRepository decryptingWith(ModelKeyProvider keys) {
    return new ModelRepository(root, digestRequired, requireNonNull(keys, "keys"));
  }

  /** The root directory (its real path). */
  public Path root() {
    return root;
  }

  /**
   * The complete versions of {@code model}: integer versions ascending, then named ones by name.
   *
   * @throws IllegalArgumentException if {@code model} is not a valid name
   * @throws UncheckedIOException if the directory cannot be listed
   */
  public List<RepositoryVersion> versions(String model) {
    checkName("model", model);
    Path modelDirectory = root.resolve(model);
    if (!Files.isDirectory(modelDirectory)) {
      return List.of();
    }
    List<RepositoryVersion> versions = new ArrayList<>();
    try (Stream<Path> entries = Files.list(modelDirectory)) {
      if (!inside(modelDirectory)) {
        return List.of();
      }
      for (Path entry : (Iterable<Path>) entries::iterator) {
        RepositoryVersion version = read(model, entry);
        if (version != null) {
          versions.add(version);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + modelDirectory, e);
    }
    versions.sort(Comparator.comparing((RepositoryVersion v) -> v.number() < 0)
        .thenComparingLong(RepositoryVersion::number)
        .thenComparing(RepositoryVersion::version));
    return List.copyOf(versions);
  }

  /**
   * The version of {@code model} that {@code pin} selects.
   *
   * @throws VersionUnavailableException if none does
   * @throws IllegalArgumentException if {@code model} is not a valid name
   */
  public RepositoryVersion resolve(String model, VersionPin pin) {
    requireNonNull(pin, "pin");
    List<RepositoryVersion> versions = versions(model);
    return pin.select(versions).orElseThrow(() -> new VersionUnavailableException(model, pin.toString(),
        versions.isEmpty() ? "the repository " + root + " has no complete version of it"
            : "the repository has " + versions.stream().map(RepositoryVersion::version)
                .collect(Collectors.joining(", "))));
  }

  /**
   * {@code name}, checked as a model name or version.
   *
   * @throws IllegalArgumentException unless it is a positive integer or a valid name
   */
  static String checkName(String what, String name) {
    requireNonNull(name, what);
    if (!INTEGER.matcher(name).matches() && !NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(what + " must be a positive integer or a name of letters,"
          + " digits, '.', '_', '-' starting with a letter, but was '" + name + "'");
    }
    return name;
  }

  private @Nullable RepositoryVersion read(String model, Path directory) throws IOException {
    String version = directory.getFileName().toString();
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
        || !INTEGER.matcher(version).matches() && !NAME.matcher(version).matches()
        || version.contains("..")) {
      return null;
    }
    Path plain = directory.resolve(RepositoryVersion.MODEL_FILE);
    Path encrypted = directory.resolve(RepositoryVersion.ENCRYPTED_MODEL_FILE);
    boolean isPlain = Files.exists(plain);
    if (isPlain && Files.exists(encrypted)) {
      log.warn("skipping {} version {}: it holds both {} and {}", model, version,
          RepositoryVersion.MODEL_FILE, RepositoryVersion.ENCRYPTED_MODEL_FILE);
      return null;
    }
    Path file = isPlain ? plain : encrypted;
    if (!Files.isRegularFile(file) || !inside(file)) {
      return null; // still being copied, or pointing outside the repository
    }
    String digest = null;
    Path sha256 = directory.resolve(RepositoryVersion.DIGEST_FILE);
    if (Files.exists(sha256)) {
      digest = digest(sha256);
      if (digest == null) {
        log.warn("skipping {} version {}: {} holds no SHA-256 digest", model, version, sha256);
        return null;
      }
    }
    Properties properties = new Properties();
    Path propertiesFile = directory.resolve("model.properties");
    if (Files.isRegularFile(propertiesFile)) {
      try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    Set<String> labels = Arrays.stream(properties.getProperty("labels", "").split(","))
        .map(String::strip).filter(label -> !label.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    return new RepositoryVersion(model, version, file, digest, digestRequired, labels,
        properties.getProperty("description", ""), isPlain ? null : keysFor(model, version));
  }

  /** The keys for an encrypted version; without {@link #decryptingWith}, one that says so at load. */
  private ModelKeyProvider keysFor(String model, String version) {
    ModelKeyProvider given = keys;
    return given != null ? given : keyId -> {
      throw new IOException(model + " version " + version + " is encrypted ("
          + RepositoryVersion.ENCRYPTED_MODEL_FILE + "), but its repository has no keys:"
          + " use ModelRepository.directory(root).decryptingWith(keys)");
    };
  }

  /** {@code sha256:<hex>} from a {@code model.sha256} file in either common form, or null. */
  private static @Nullable String digest(Path sha256) throws IOException {
    String content = Files.readString(sha256, StandardCharsets.US_ASCII).strip();
    String first = content.isEmpty() ? "" : content.split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
    String hex = first.startsWith("sha256:") ? first.substring(7) : first;
    return HEX.matcher(hex).matches() ? "sha256:" + hex : null;
  }

  private boolean inside(Path path) throws IOException {
    return path.toRealPath().startsWith(root);
  }

  @Override
  public String toString() {
    return "ModelRepository[" + root + (digestRequired ? "" : ", versions without digest allowed")
        + (keys == null ? "" : ", decrypting") + "]";
  }
}
