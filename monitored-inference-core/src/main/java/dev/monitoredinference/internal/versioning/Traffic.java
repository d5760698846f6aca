package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.RoutingKey;
import dev.monitoredinference.internal.call.CallControl;
import dev.monitoredinference.internal.call.LoadedVersion;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Where a model's calls go, published atomically as one value: the baseline version and, during a
 * canary or shadow, the candidate, the canary's share and the {@link TrialWatch} watching both;
 * after a promotion, the {@link PromotionWatch}. Without either a call pays one comparison of the
 * share with zero and two null checks.
 */
public final class Traffic {
  /** The Weyl-sequence step (2^64 / golden ratio): keyless draws spread evenly over [0, 1). */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final LoadedVersion baseline;
  private final @Nullable LoadedVersion candidate;
  private final double share;
  private final @Nullable TrialWatch trial;
  private final @Nullable PromotionWatch promotion;
  private final AtomicLong draws;

  private Traffic(LoadedVersion baseline, @Nullable LoadedVersion candidate, double share,
      @Nullable TrialWatch trial, @Nullable PromotionWatch promotion, AtomicLong draws) {
    this.baseline = baseline;
    this.candidate = candidate;
    this.share = share;
    this.trial = trial;
    this.promotion = promotion;
    this.draws = draws;
  }

  /** Every call to {@code baseline}. */
  public static Traffic serving(LoadedVersion baseline) {
    return new Traffic(baseline, null, 0, null, null, new AtomicLong());
  }

  /** Every call to {@code baseline}, a newly promoted version, watched by {@code promotion}. */
  static Traffic watched(LoadedVersion baseline, @Nullable PromotionWatch promotion) {
    return new Traffic(baseline, null, 0, null, promotion, new AtomicLong());
  }

  /**
   * {@code share} of the calls to {@code candidate} (0 for a shadow), watched by {@code trial};
   * keyless calls continue the draw sequence of {@code previous} when it had the same trial.
   */
  static Traffic trial(LoadedVersion baseline, LoadedVersion candidate, double share,
      TrialWatch trial, Traffic previous) {
    AtomicLong draws = previous.trial == trial ? previous.draws : new AtomicLong();
    return new Traffic(baseline, candidate, share, trial, null, draws);
  }

  /**
   * The version a call with {@code key} goes to: the candidate when the key's point is below the
   * share. A keyless call takes the next point of the golden-ratio sequence (n × 0.618… mod 1),
   * a deterministic round robin whose share over any n calls is within a few calls of exact.
   */
  public LoadedVersion route(@Nullable RoutingKey key) {
    LoadedVersion trying = candidate;
    if (share == 0 || trying == null) {
      return baseline;
    }
    double point = key != null ? key.point() : pointOf(draws.getAndAdd(GOLDEN_GAMMA));
    return point < share ? trying : baseline;
  }

  /** Runs a begun call on {@code served}, through the trial or promotion watch if one runs. */
  public Prediction execute(LoadedVersion served, Inputs inputs, CallControl control) {
    if (trial != null) {
      return trial.serve(served, inputs, control);
    }
    return promotion == null ? served.execute(inputs, control)
        : promotion.serve(served, inputs, control);
  }

  public LoadedVersion baseline() {
    return baseline;
  }

  public @Nullable LoadedVersion candidate() {
    return candidate;
  }

  public @Nullable TrialWatch trial() {
    return trial;
  }

  double share() {
    return share;
  }

  /** The 53 high bits of {@code bits} as a fraction in [0, 1), as {@link RoutingKey} maps keys. */
  private static double pointOf(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }
}
