package dev.monitoredinference.internal.versioning;

/**
 * Hears what a canary or shadow trial finds, per (baseline, candidate) pair; the metrics package
 * exports it. Implementations must be thread-safe and must not throw.
 */
public interface TrialObserver {
  /** How a compared call ended. */
  enum Outcome {
    /** Both versions answered; the answers were compared. */
    SUCCESS("success"),
    /** The candidate failed (on the comparison thread, or a canary call). */
    CANDIDATE_ERROR("candidate_error"),
    /** The baseline failed on the comparison thread (canary comparisons). */
    BASELINE_ERROR("baseline_error");

    private final String tagValue;

    Outcome(String tagValue) {
      this.tagValue = tagValue;
    }

    public String tagValue() {
      return tagValue;
    }
  }

  /** Hears nothing. */
  TrialObserver NONE = new TrialObserver() {
    @Override
    public void outcome(Outcome outcome) {}

    @Override
    public void compared(long baselineNanos, long candidateNanos, Divergence divergence) {}

    @Override
    public void dropped() {}
  };

  /** Counts one call by how it ended. */
  void outcome(Outcome outcome);

  /** Records one comparison: both latencies and the divergence of the answers. */
  void compared(long baselineNanos, long candidateNanos, Divergence divergence);

  /** Counts one copy dropped because the comparison queue was full. */
  void dropped();
}
