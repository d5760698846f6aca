package dev.monitoredinference.spring.boot;

import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.VersionPin;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a model's bytes come from, {@code file} or {@code repository} with {@code pin}: the same
 * three properties for a model ({@code models.<name>.}) and an embedder's own encoder ({@code
 * embedders.<name>.}), checked the same way.
 */
final class ModelSource {
  private ModelSource() {}

  /**
   * Sets the source on {@code builder}; {@code prefix} ends with a dot and names the properties in
   * failures.
   */
  static void apply(String prefix, @Nullable Path file, @Nullable Path repository, String pin,
      MonitoredModelBuilder builder) {
    if (file != null && repository != null) {
      throw InvalidProperty.of(prefix + "file", file,
          "give either file or repository, not both (repository is " + repository + ")");
    }
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw InvalidProperty.of(prefix + "file", file, "no such file");
      }
      builder.modelFile(file);
    } else if (repository != null) {
      if (!Files.isDirectory(repository)) {
        throw InvalidProperty.of(prefix + "repository", repository, "no such directory");
      }
      builder.repository(ModelRepository.directory(repository), pin(prefix, pin));
    } else {
      throw InvalidProperty.of(prefix + "file", null, "the model needs a file or a repository");
    }
  }

  private static VersionPin pin(String prefix, String pin) {
    return InvalidProperty.check(prefix + "pin", pin, () -> {
      if (pin.equals("latest")) {
        return VersionPin.latest();
      } else if (pin.startsWith("label:")) {
        return VersionPin.label(pin.substring("label:".length()));
      } else if (pin.startsWith("sha256:")) {
        return VersionPin.digest(pin);
      }
      return VersionPin.exact(pin);
    });
  }
}
