package dev.monitoredinference.internal.assembly;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.call.Stage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What each feature contributes to a model's chain, by {@link Stage}: links made once, and links
 * made for each loaded version. {@link VersionAssembly} reads it in stage order. Not thread-safe;
 * filled at build, read-only after.
 */
public final class ChainPlan {
  /** Makes a version's link; registers anything to close when the version retires. */
  @FunctionalInterface
  public interface PerVersion {
    @Nullable InferenceInterceptor link(ModelVersion version, List<AutoCloseable> onRetire);
  }

  private final Map<Stage, List<PerVersion>> links = new EnumMap<>(Stage.class);

  /** Adds {@code link} to {@code stage}, after those added before; the same object in every version. */
  public ChainPlan add(Stage stage, InferenceInterceptor link) {
    requireNonNull(link, "link");
    return put(stage, (version, onRetire) -> link);
  }

  /** Adds every one of {@code links} to {@code stage}, in order. */
  public ChainPlan addAll(Stage stage, List<InferenceInterceptor> links) {
    links.forEach(link -> add(stage, link));
    return this;
  }

  /**
   * Adds a link made for each loaded version (e.g. validation bound to its signature) to a
   * per-version {@code stage}; a factory may return null to add nothing.
   *
   * @throws IllegalArgumentException if {@code stage} is the model's own
   */
  public ChainPlan perVersion(Stage stage, PerVersion factory) {
    requireNonNull(factory, "factory");
    if (!stage.perVersion()) {
      throw new IllegalArgumentException(stage + " is the model's own stage, shared by every version");
    }
    return put(stage, factory);
  }

  private ChainPlan put(Stage stage, PerVersion factory) {
    links.computeIfAbsent(stage, s -> new ArrayList<>()).add(factory);
    return this;
  }

  /** The factories of {@code stage}, in the order added. */
  List<PerVersion> of(Stage stage) {
    return links.getOrDefault(stage, List.of());
  }
}
