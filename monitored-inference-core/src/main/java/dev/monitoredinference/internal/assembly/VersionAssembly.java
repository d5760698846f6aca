package dev.monitoredinference.internal.assembly;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.call.InterceptorChain;
import dev.monitoredinference.internal.call.LoadedVersion;
import dev.monitoredinference.internal.call.Stage;
import dev.monitoredinference.runtime.ModelRuntime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the chain for each loaded version of one model from its {@link ChainPlan}, stage by
 * stage in {@link Stage} order: the model's own links, shared by every version, then the
 * version's (signature check, validation bound to its signature, drift, runtime interceptors, its
 * run timer). Trial comparisons run the version's links only.
 */
public final class VersionAssembly {
  private final String name;
  private final ChainPlan plan;

  public VersionAssembly(String name, ChainPlan plan) {
    this.name = name;
    this.plan = plan;
  }

  /**
   * The serving form of {@code loaded}; does not close it on failure.
   *
   * @throws IllegalArgumentException if a validation rule names an input the version lacks
   */
  public LoadedVersion assemble(ModelRuntime loaded) {
    ModelVersion version = loaded.version();
    List<AutoCloseable> onRetire = new ArrayList<>();
    List<InferenceInterceptor> links = new ArrayList<>();
    List<InferenceInterceptor> versionLinks = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    try {
      for (Stage stage : Stage.values()) {
        for (ChainPlan.PerVersion factory : plan.of(stage)) {
          InferenceInterceptor link = factory.link(version, onRetire);
          if (link != null) {
            links.add(link);
            stages.add(stage);
            if (stage.perVersion()) {
              versionLinks.add(link);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      closeAll(onRetire, e);
      throw e;
    }
    return new LoadedVersion(loaded, new InterceptorChain(name, links, loaded),
        new InterceptorChain(name, versionLinks, loaded), stages, () -> closeAll(onRetire, null));
  }

  /** Closes {@code closeables} in reverse order; the first failure is thrown, or added to {@code cause}. */
  private static void closeAll(List<AutoCloseable> closeables, @Nullable RuntimeException cause) {
    RuntimeException failure = cause;
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing a version's telemetry failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null && failure != cause) {
      throw failure;
    }
  }
}
