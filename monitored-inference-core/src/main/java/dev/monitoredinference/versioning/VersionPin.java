package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.Digests;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which version of a model to serve: the latest, an exact version, the one carrying a label, or
 * the one with a digest. A pin no version satisfies is an error ({@code
 * VersionUnavailableException}), never a silent other version. Immutable.
 *
 * <pre>{@code
 * VersionPin.label("stable")   VersionPin.exact("7")   VersionPin.latest()
 * VersionPin.digest("sha256:…")
 * }</pre>
 */
public final class VersionPin {
  private final String description;
  private final Function<List<RepositoryVersion>, Optional<RepositoryVersion>> choice;

  private VersionPin(String description, Function<List<RepositoryVersion>, Optional<RepositoryVersion>> choice) {
    this.description = description;
    this.choice = choice;
  }

  /** The highest integer version; named versions are never "latest". */
  public static VersionPin latest() {
    return new VersionPin("latest()", versions -> versions.stream()
        .filter(version -> version.number() > 0)
        .max(Comparator.comparingLong(RepositoryVersion::number)));
  }

  /**
   * Exactly {@code version}.
   *
   * @throws IllegalArgumentException if {@code version} is not a valid version name
   */
  public static VersionPin exact(String version) {
    ModelRepository.checkName("version", version);
    return new VersionPin("exact(\"" + version + "\")",
        versions -> versions.stream().filter(v -> v.version().equals(version)).findFirst());
  }

  /**
   * The highest version labelled {@code label} in its {@code model.properties}.
   *
   * @throws IllegalArgumentException if {@code label} is blank
   */
  public static VersionPin label(String label) {
    requireNonNull(label, "label");
    if (label.isBlank()) {
      throw new IllegalArgumentException("label must not be blank");
    }
    return new VersionPin("label(\"" + label + "\")", versions -> versions.stream()
        .filter(version -> version.labels().contains(label))
        .max(Comparator.comparingLong(RepositoryVersion::number)));
  }

  /**
   * The version whose {@code model.sha256} is {@code digest}.
   *
   * @throws IllegalArgumentException unless {@code digest} is {@code "sha256:"} and 64 hex digits
   */
  public static VersionPin digest(String digest) {
    Digests.checkSha256("digest", requireNonNull(digest, "digest"));
    return new VersionPin("digest(\"" + digest + "\")", versions -> versions.stream()
        .filter(version -> version.digest().filter(digest::equals).isPresent())
        .findFirst());
  }

  /** The version this pin selects among {@code versions}, if any. */
  public Optional<RepositoryVersion> select(List<RepositoryVersion> versions) {
    return choice.apply(requireNonNull(versions, "versions"));
  }

  @Override
  public String toString() {
    return description;
  }
}
