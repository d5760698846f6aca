package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.call.LoadedVersion;
import dev.monitoredinference.runtime.ModelRuntime;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a model serves and whether it is closed: the one piece of a {@code MonitoredModel} that
 * its deployer changes (swap, publish a trial, assemble a new version). Callers read {@link
 * #traffic()} with one volatile read; changes are serialised and refused once closed.
 */
public final class ServingState {
  private final String name;
  private volatile Traffic traffic;
  private final Function<ModelRuntime, LoadedVersion> assembly;
  private final Object lock = new Object();
  private volatile boolean closed;

  public ServingState(
      String name, LoadedVersion first, Function<ModelRuntime, LoadedVersion> assembly) {
    this.name = name;
    this.traffic = Traffic.serving(first);
    this.assembly = assembly;
  }

  public String name() {
    return name;
  }

  /** Where calls go now. */
  public Traffic traffic() {
    return traffic;
  }

  /** The serving (baseline) version. */
  public ModelVersion version() {
    return traffic.baseline().version();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Marks the model closed; {@code false} if it was already. Later swaps and publishes fail. */
  public boolean close() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  /** Assembles the chain for a newly loaded version; the caller still owns {@code loaded}. */
  public LoadedVersion assemble(ModelRuntime loaded) {
    return assembly.apply(loaded);
  }

  /**
   * Publishes {@code next} as the serving version, watched by {@code watch} if not null, and
   * returns the one it replaces, which the caller retires. Calls already running finish on the version they started on.
   *
   * @throws ModelClosedException if the model is closed
   */
  LoadedVersion swap(LoadedVersion next, @Nullable PromotionWatch watch) {
    synchronized (lock) {
      if (closed) {
        throw new ModelClosedException(name);
      }
      LoadedVersion old = traffic.baseline();
      traffic = Traffic.watched(next, watch);
      return old;
    }
  }

  /**
   * Publishes {@code next}, which keeps the serving baseline and starts, changes or ends a trial.
   *
   * @throws ModelClosedException if the model is closed
   */
  void publish(Traffic next) {
    synchronized (lock) {
      if (closed) {
        throw new ModelClosedException(name);
      }
      traffic = next;
    }
  }
}
