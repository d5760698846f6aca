package dev.monitoredinference.anomaly;

/**
 * What the detector watches, per model and time window. Each signal is one-sided: only a change
 * for the worse is an anomaly (slower, more failures, fewer calls); good news never alerts.
 */
public enum AnomalySignal {
  /**
   * The 95th percentile of successful calls' latency, in seconds, judged in log space (latency is
   * skewed; a doubling is the same size of change at 2 ms and at 200 ms). Only windows with at
   * least {@code minCalls} successful calls are judged.
   */
  LATENCY("latency"),
  /**
   * The share of calls that failed for the model's side of the call: every error type except
   * invalid input (a client sending bad data is not the model failing). Only windows with at least
   * {@code minCalls} such calls are judged.
   */
  ERRORS("errors"),
  /**
   * Calls per window, invalid ones included: a drop means callers stopped reaching the model.
   * Low-volume windows are exactly what this signal looks for, so it is not gated per window;
   * instead it is judged only once its baseline averages at least {@code minCalls} per window.
   */
  THROUGHPUT("throughput");

  /** Smallest σ of log(p95): a 10 % wobble; with z &gt; 3, a rise under ~35 % never alerts. */
  private static final double LATENCY_SIGMA_FLOOR = 0.1;
  /** Smallest σ of throughput, relative to its mean. */
  private static final double THROUGHPUT_RELATIVE_SIGMA_FLOOR = 0.1;

  private final String tagValue;

  AnomalySignal(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The {@code signal} tag value and the name in alert log lines, e.g. {@code "latency"}. */
  public String tagValue() {
    return tagValue;
  }

  /** The value the baseline tracks: log seconds for latency, the raw value otherwise. */
  double toBaselineScale(double observed) {
    return this == LATENCY ? Math.log(observed) : observed;
  }

  /** The inverse of {@link #toBaselineScale}, to report a baseline in the signal's own unit. */
  double fromBaselineScale(double value) {
    return this == LATENCY ? Math.exp(value) : value;
  }

  /** How many σ worse than {@code mean} the value {@code x} is; negative when better. */
  double badness(double x, double mean, double sigma) {
    return this == THROUGHPUT ? (mean - x) / sigma : (x - mean) / sigma;
  }

  /**
   * The smallest σ to judge with, so that a perfectly steady baseline does not turn the first
   * ripple into an alert: a fixed floor for latency; the larger of 10 % and the Poisson √mean for
   * throughput. (Errors are judged on their counts, {@link ErrorCounts}; their floor here is the
   * binomial standard error, for completeness.)
   */
  double sigmaFloor(double mean, long volume) {
    switch (this) {
      case LATENCY:
        return LATENCY_SIGMA_FLOOR;
      case ERRORS:
        double p = Math.min(Math.max(mean, 0), 1);
        return Math.sqrt(p * (1 - p) / Math.max(volume, 1));
      default:
        return Math.max(1, Math.max(THROUGHPUT_RELATIVE_SIGMA_FLOOR * mean, Math.sqrt(mean)));
    }
  }

  /** Whether a window with {@code volume} calls is judged at all: per-window volume gate. */
  boolean gatedPerWindow() {
    return this != THROUGHPUT;
  }
}
