package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.call.LoadedVersion;
import dev.monitoredinference.versioning.RepositoryVersion;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * A candidate version under trial on a model: a canary (a share of the calls) or a shadow (a
 * copy of them), with the {@link TrialWatch} that watches it. Started and ended only by the
 * {@link ModelDeployer}, under its lock.
 */
public final class Trial {
  private final RepositoryVersion version;
  private final LoadedVersion candidate;
  private final TrialWatch watch;
  private final double share;

  private Trial(RepositoryVersion version, LoadedVersion candidate, TrialWatch watch,
      double share) {
    this.version = version;
    this.candidate = candidate;
    this.watch = watch;
    this.share = share;
  }

  /**
   * Starts a trial of {@code candidate} on {@code model} at {@code share} (0 for a shadow);
   * {@code onVerdict} hears the trial and the guard's reason if the guard turns against it.
   *
   * @throws ModelClosedException if the model is closed; the caller still owns {@code candidate}
   */
  static Trial start(ServingState model, RepositoryVersion version,
      LoadedVersion candidate, double share, TrialSettings settings,
      BiConsumer<Trial, String> onVerdict) {
    LoadedVersion baseline = model.traffic().baseline();
    Trial[] started = new Trial[1];
    TrialWatch watch = new TrialWatch(model.name(), baseline, candidate, share > 0,
        settings.comparison(), settings.guard(), settings.outcomes(),
        settings.observers().apply(baseline.version(), candidate.version()),
        reason -> onVerdict.accept(started[0], reason));
    started[0] = new Trial(version, candidate, watch, share);
    try {
      model.publish(Traffic.trial(baseline, candidate, share, watch, model.traffic()));
    } catch (ModelClosedException e) {
      watch.close();
      throw e;
    }
    return started[0];
  }

  /**
   * This canary at {@code newShare}, with the same watch and the same keys on the candidate up to
   * the smaller of the two shares.
   *
   * @throws ModelClosedException if the model is closed
   */
  /** Whether {@code other} is this trial, perhaps at another share (a reshare keeps the watch). */
  boolean sameWatch(Trial other) {
    return watch == other.watch;
  }

  Trial reshare(ServingState model, double newShare) {
    Traffic now = model.traffic();
    model.publish(Traffic.trial(now.baseline(), candidate, newShare, watch, now));
    return new Trial(version, candidate, watch, newShare);
  }

  /**
   * Sends every call to the baseline again, stops the watch and unloads the candidate, waiting up
   * to {@code drain} for its running calls.
   *
   * @return whether the candidate drained in time
   */
  boolean end(ServingState model, Duration drain) {
    try {
      model.publish(Traffic.serving(model.traffic().baseline()));
    } catch (ModelClosedException e) {
      // closing the model already retires the candidate
    }
    watch.close();
    return candidate.retire(drain);
  }

  /**
   * Stops the watch only: the candidate was promoted, so its session lives on. Call after the
   * candidate was published as the serving version.
   */
  void handOver() {
    watch.close();
  }

  /** The candidate's serving form. */
  LoadedVersion candidate() {
    return candidate;
  }

  RepositoryVersion version() {
    return version;
  }

  ModelVersion loaded() {
    return candidate.version();
  }

  double share() {
    return share;
  }

  boolean isCanary() {
    return share > 0;
  }

  /** "canary at 10 % of calls" or "shadow", for audit reasons. */
  String describe() {
    return isCanary()
        ? String.format(Locale.ROOT, "canary of version %s at %s %% of calls", version.version(),
            percent(share))
        : "shadow of version " + version.version();
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.4g", share * 100).replaceAll("\\.?0+$", "");
  }
}
