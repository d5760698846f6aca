package dev.monitoredinference.internal.call;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Priority;
import dev.monitoredinference.runtime.ModelRuntime;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model version ready to serve: its lease-counted runtime, the chain assembled for it,
 * and its version-level telemetry (the {@code model.info} gauge). A model serves exactly one at a
 * time and swaps them atomically; a retired one refuses new calls and closes its runtime once,
 * after its last call.
 */
public final class LoadedVersion {
  private static final Logger log = LoggerFactory.getLogger(LoadedVersion.class);

  private final SharedRuntime runtime;
  private final InterceptorChain chain;
  private final InterceptorChain versionChain;
  private final List<Stage> stages;
  private final AutoCloseable telemetry;

  /**
   * {@code chain} serves callers; {@code versionChain} holds only the version's own links (no
   * request timing, anomaly detection, breaker or admission) and runs trial comparisons.
   */
  public LoadedVersion(ModelRuntime runtime, InterceptorChain chain, InterceptorChain versionChain,
      List<Stage> stages, AutoCloseable telemetry) {
    this.stages = List.copyOf(stages);
    this.runtime = new SharedRuntime(requireNonNull(runtime, "runtime"));
    this.chain = requireNonNull(chain, "chain");
    this.versionChain = requireNonNull(versionChain, "versionChain");
    this.telemetry = requireNonNull(telemetry, "telemetry");
  }

  public ModelVersion version() {
    return runtime.runtime().version();
  }

  public InterceptorChain chain() {
    return chain;
  }

  /** The stage of each link of {@link #chain()}, outermost first (for diagnostics and tests). */
  public List<Stage> stages() {
    return stages;
  }

  public ModelRuntime runtime() {
    return runtime.runtime();
  }

  /** Begins a call; null once this version is retired (or the model closed). */
  public @Nullable CallControl begin(@Nullable Duration deadline) {
    return runtime.begin(deadline);
  }

  /** {@link #begin(Duration)} for a call of {@code priority} (admission lanes). */
  public @Nullable CallControl begin(@Nullable Duration deadline, Priority priority) {
    return runtime.begin(deadline, priority);
  }

  /** {@link #begin(Duration, Priority)} for a call made by {@code caller} (abuse detection). */
  public @Nullable CallControl begin(@Nullable Duration deadline, Priority priority, CallerId caller) {
    return runtime.begin(deadline, priority, caller);
  }

  /** Runs a begun call through this version's chain. */
  public Prediction execute(Inputs inputs, CallControl control) {
    return chain.execute(inputs, control);
  }

  /**
   * Runs a begun call through the version's own links only: for comparison copies, which must not
   * count as requests of the model, take admission permits or move its breaker.
   */
  public Prediction executeVersionOnly(Inputs inputs, CallControl control) {
    return versionChain.execute(inputs, control);
  }

  /** Ends a begun call. */
  public void end(CallControl control) {
    runtime.end(control);
  }

  public boolean isRetired() {
    return runtime.isClosing();
  }

  /**
   * Refuses new calls, removes the version's live gauges, waits up to {@code drain} for running
   * calls, then tells those still running to terminate. The runtime closes exactly once, when the
   * last call has returned (possibly after this returns).
   *
   * @return whether every call had returned within {@code drain}
   */
  public boolean retire(Duration drain) {
    retireWhenIdle();
    return runtime.drain(drain);
  }

  /**
   * Refuses new calls and removes the version's live gauges; the runtime closes when the calls
   * still running have returned, however long they take. Idempotent.
   */
  public void retireWhenIdle() {
    if (runtime.close()) {
      try {
        telemetry.close();
      } catch (Exception e) {
        log.warn("closing the telemetry of {} failed", version(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "LoadedVersion[" + version() + (isRetired() ? ", retired" : "") + "]";
  }
}
