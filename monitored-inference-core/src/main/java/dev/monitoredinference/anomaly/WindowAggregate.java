package dev.monitoredinference.anomaly;

/**
 * One closed window of one model: calls that succeeded, failed on the model's side, or were
 * refused as invalid input, and the p95 latency of the successes in seconds (NaN if none).
 */
record WindowAggregate(long succeeded, long failed, long invalid, double p95Seconds) {
  /** All calls, the throughput signal. */
  long calls() {
    return succeeded + failed + invalid;
  }

  /** Calls the error ratio rests on: invalid input excluded. */
  long judgedCalls() {
    return succeeded + failed;
  }

  /** Failed over judged calls; NaN when there were none. */
  double errorRatio() {
    long judged = judgedCalls();
    return judged == 0 ? Double.NaN : (double) failed / judged;
  }
}
