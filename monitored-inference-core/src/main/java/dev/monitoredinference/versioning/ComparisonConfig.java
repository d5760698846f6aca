package dev.monitoredinference.versioning;

/**
 * How a canary or shadow trial compares the candidate version with the baseline, off the caller's
 * path: the share of calls {@code sampleRate} copied to a bounded queue of {@code queueCapacity}
 * (a full queue drops the copy and counts it), and the {@code topK} used for rank agreement of
 * score outputs. A shadow copies calls served by the baseline and runs the candidate on them; a
 * canary copies calls served by the candidate and runs the baseline on them. One daemon thread
 * per trial runs the copies, so the caller never waits for, nor fails because of, a comparison.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .comparison(ComparisonConfig.ofDefaults().sampleRate(0.05).queueCapacity(64).topK(5))
 *     ...
 * }</pre>
 *
 * <p>Immutable; each setter checks its argument at once and returns a new config.
 */
public final class ComparisonConfig {
  private final double sampleRate;
  private final int queueCapacity;
  private final int topK;

  private ComparisonConfig(double sampleRate, int queueCapacity, int topK) {
    this.sampleRate = sampleRate;
    this.queueCapacity = queueCapacity;
    this.topK = topK;
  }

  /** Sample 10 % of calls, queue up to 256 copies, rank agreement over the top 10. */
  public static ComparisonConfig ofDefaults() {
    return new ComparisonConfig(0.1, 256, 10);
  }

  /**
   * The share of eligible calls copied for comparison; 1 copies every call.
   *
   * @throws IllegalArgumentException unless {@code 0 < rate <= 1}
   */
  public ComparisonConfig sampleRate(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("sampleRate must be in (0, 1], but was " + rate);
    }
    return new ComparisonConfig(rate, queueCapacity, topK);
  }

  /**
   * How many copies may wait for the comparison thread; one more is dropped and counted.
   *
   * @throws IllegalArgumentException if {@code capacity <= 0}
   */
  public ComparisonConfig queueCapacity(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("queueCapacity must be > 0, but was " + capacity);
    }
    return new ComparisonConfig(sampleRate, capacity, topK);
  }

  /**
   * How many of the highest baseline scores of a batch must also be the candidate's highest for
   * full rank agreement (fewer when the batch is smaller).
   *
   * @throws IllegalArgumentException if {@code k <= 0}
   */
  public ComparisonConfig topK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("topK must be > 0, but was " + k);
    }
    return new ComparisonConfig(sampleRate, queueCapacity, k);
  }

  /** The share of eligible calls copied for comparison. */
  public double sampleRate() {
    return sampleRate;
  }

  /** How many copies may wait. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** The k of top-k rank agreement. */
  public int topK() {
    return topK;
  }

  @Override
  public String toString() {
    return "ComparisonConfig[sampleRate=" + sampleRate + ", queueCapacity=" + queueCapacity
        + ", topK=" + topK + "]";
  }
}
