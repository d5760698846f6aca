package dev.monitoredinference.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A signal of a model changed state at the end of a window: it became anomalous ({@link
 * State#FIRING}) or returned to normal ({@link State#RESOLVED}). Values are in the signal's own
 * unit: seconds for {@link AnomalySignal#LATENCY} (p95), a ratio in [0, 1] for {@link
 * AnomalySignal#ERRORS}, calls per window for {@link AnomalySignal#THROUGHPUT}. Immutable.
 */
public final class Alert {
  /** Whether the alert starts or ends an anomaly. */
  public enum State {
    FIRING,
    RESOLVED
  }

  private final String model;
  private final String version;
  private final AnomalySignal signal;
  private final State state;
  private final double observed;
  private final double baseline;
  private final double zScore;
  private final Instant windowEnd;

  private Alert(String model, String version, AnomalySignal signal, State state, double observed,
      double baseline, double zScore, Instant windowEnd) {
    this.model = requireNonNull(model, "model");
    this.version = requireNonNull(version, "version");
    this.signal = requireNonNull(signal, "signal");
    this.state = requireNonNull(state, "state");
    this.observed = observed;
    this.baseline = baseline;
    this.zScore = zScore;
    this.windowEnd = requireNonNull(windowEnd, "windowEnd");
  }

  /** An alert with the given fields, e.g. for testing a listener. */
  public static Alert of(String model, String version, AnomalySignal signal, State state,
      double observed, double baseline, double zScore, Instant windowEnd) {
    return new Alert(model, version, signal, state, observed, baseline, zScore, windowEnd);
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The version serving when the window closed. */
  public String version() {
    return version;
  }

  /** The signal that changed state. */
  public AnomalySignal signal() {
    return signal;
  }

  /** {@link State#FIRING} when the signal became anomalous, {@link State#RESOLVED} when it ended. */
  public State state() {
    return state;
  }

  /** The signal's value in the window that changed the state. */
  public double observed() {
    return observed;
  }

  /** The baseline mean it was judged against (frozen while anomalous). */
  public double baseline() {
    return baseline;
  }

  /**
   * How many baseline standard deviations worse than the baseline the window was (for latency in
   * log space); positive is worse, for throughput a drop.
   */
  public double zScore() {
    return zScore;
  }

  /** When the window that changed the state ended. */
  public Instant windowEnd() {
    return windowEnd;
  }

  /**
   * The alert as the one line of JSON the detector logs: fields {@code event}, {@code model},
   * {@code model.version}, {@code signal}, {@code state}, {@code observed}, {@code baseline},
   * {@code z} and {@code window_end}; a non-finite number is {@code null}.
   */
  public String toJson() {
    return AlertJson.format(this);
  }

  @Override
  public String toString() {
    return "Alert[" + state + " " + model + " " + version + " " + signal.tagValue() + " observed "
        + observed + " baseline " + baseline + " z " + zScore + " at " + windowEnd + "]";
  }
}
