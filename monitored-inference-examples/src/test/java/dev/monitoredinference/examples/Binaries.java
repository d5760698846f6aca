package dev.monitoredinference.examples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds executables such as {@code prometheus} and {@code promtool} on the PATH. */
public final class Binaries {
  private Binaries() {}

  /** The executable {@code name} on the PATH, or null. */
  public static Path find(String name) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
