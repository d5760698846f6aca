package dev.monitoredinference.anomaly;

import org.jspecify.annotations.Nullable;

/**
 * The maths of one signal, fed one window aggregate at a time: an EWMA baseline of mean and
 * variance (in the signal's baseline scale), the volume gate, the warm-up and enter/exit
 * hysteresis. The error ratio is judged on its counts ({@link ErrorCounts}), the other signals
 * as z-scores against the EWMA. Pure and deterministic; not thread-safe (the detector calls it under its lock).
 *
 * <p>While normal, a window beyond the enter threshold does not move the baseline: otherwise the
 * first window of a step would drag the mean and inflate σ enough to hide the next ones. While
 * anomalous the baseline is frozen.
 */
final class SignalDetector {
  private final AnomalySignal signal;
  private final AnomalyConfig config;
  private final int enterMask;

  private long updates;
  /** The volume of every window that fed the baseline. */
  private long learntVolume;
  private double mean;
  private double variance;
  private boolean anomalous;
  private int recentHits;
  private int calmStreak;
  private double lastZ = Double.NaN;

  SignalDetector(AnomalySignal signal, AnomalyConfig config) {
    this.signal = signal;
    this.config = config;
    this.enterMask = config.enterOutOf == 32 ? -1 : (1 << config.enterOutOf) - 1;
  }

  /**
   * Takes one window: {@code observed} in the signal's unit, {@code volume} the calls it rests on.
   *
   * @return {@link Alert.State#FIRING} or {@link Alert.State#RESOLVED} when this window changes
   *     the state, else {@code null}
   */
  Alert.@Nullable State observe(double observed, long volume) {
    lastZ = Double.NaN;
    if (signal.gatedPerWindow() && volume < config.minCalls) {
      return null;
    }
    double x = signal.toBaselineScale(observed);
    if (updates < config.warmupWindows
        || (!signal.gatedPerWindow() && signal.fromBaselineScale(mean) < config.minCalls)) {
      update(x, volume);
      return null;
    }
    double z = signal == AnomalySignal.ERRORS
        ? ErrorCounts.z(x, volume, mean, Math.sqrt(variance), learntVolume)
        : signal.badness(x, mean, sigma(volume));
    lastZ = z;
    return anomalous ? judgeWhileAnomalous(z) : judgeWhileNormal(x, volume, z);
  }

  private Alert.@Nullable State judgeWhileNormal(double x, long volume, double z) {
    boolean hit = z > config.enterZ;
    recentHits = ((recentHits << 1) | (hit ? 1 : 0)) & enterMask;
    if (Integer.bitCount(recentHits) >= config.enterWindows) {
      anomalous = true;
      recentHits = 0;
      calmStreak = 0;
      return Alert.State.FIRING;
    }
    if (!hit) {
      update(x, volume);
    }
    return null;
  }

  private Alert.@Nullable State judgeWhileAnomalous(double z) {
    calmStreak = z < config.exitZ ? calmStreak + 1 : 0;
    if (calmStreak >= config.exitWindows) {
      anomalous = false;
      calmStreak = 0;
      return Alert.State.RESOLVED;
    }
    return null;
  }

  /** West's incremental EWMA of mean and variance; the first window sets the mean. */
  private void update(double x, long volume) {
    learntVolume += volume;
    if (updates == 0) {
      mean = x;
      variance = 0;
    } else {
      double diff = x - mean;
      double increment = config.smoothing * diff;
      mean += increment;
      variance = (1 - config.smoothing) * (variance + diff * increment);
    }
    updates++;
  }

  private double sigma(long volume) {
    return Math.max(Math.sqrt(variance), signal.sigmaFloor(signal.fromBaselineScale(mean), volume));
  }

  boolean isAnomalous() {
    return anomalous;
  }

  /** The baseline mean in the signal's own unit (seconds, ratio, calls); NaN before any window. */
  double baseline() {
    return updates == 0 ? Double.NaN : signal.fromBaselineScale(mean);
  }

  /** The EWMA standard deviation in the baseline scale (log seconds for latency). */
  double sigma() {
    return Math.sqrt(variance);
  }

  /** Windows that have fed the baseline. */
  long updates() {
    return updates;
  }

  /** The z-score of the last window observed, NaN if it was skipped or fed the warm-up. */
  double lastZ() {
    return lastZ;
  }
}
