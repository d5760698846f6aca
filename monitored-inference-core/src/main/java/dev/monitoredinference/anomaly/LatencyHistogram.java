package dev.monitoredinference.anomaly;

/**
 * Fixed log-spaced latency buckets, four per power of two from 1.024 µs to 2^38 ns (~275 s), with
 * one bucket below and one above: at most 25 % wide, and found with a few bit operations, no
 * logarithm and no search. Buckets hold nanoseconds.
 */
final class LatencyHistogram {
  private static final int MIN_OCTAVE = 10;
  private static final int MAX_OCTAVE = 37;
  private static final int SUB_BITS = 2;
  private static final int SUBS = 1 << SUB_BITS;
  private static final int OVERFLOW = 1 + (MAX_OCTAVE - MIN_OCTAVE + 1) * SUBS;

  /** The number of buckets. */
  static final int BUCKETS = OVERFLOW + 1;

  private LatencyHistogram() {}

  /** The bucket of a latency of {@code nanos} (negative counts as zero). */
  static int bucket(long nanos) {
    if (nanos < (1L << MIN_OCTAVE)) {
      return 0;
    }
    int octave = 63 - Long.numberOfLeadingZeros(nanos);
    if (octave > MAX_OCTAVE) {
      return OVERFLOW;
    }
    int sub = (int) (nanos >>> (octave - SUB_BITS)) & (SUBS - 1);
    return 1 + (octave - MIN_OCTAVE) * SUBS + sub;
  }

  /** The smallest latency, in nanoseconds, that falls in bucket {@code index}. */
  static long lowerBound(int index) {
    if (index == 0) {
      return 0;
    }
    if (index == OVERFLOW) {
      return 1L << (MAX_OCTAVE + 1);
    }
    int octave = MIN_OCTAVE + (index - 1) / SUBS;
    int sub = (index - 1) % SUBS;
    return (long) (SUBS + sub) << (octave - SUB_BITS);
  }

  /**
   * The {@code q} quantile of the latencies counted in {@code counts}, in seconds, interpolated
   * linearly inside its bucket; the overflow bucket reports its lower bound. NaN if empty.
   */
  static double quantileSeconds(long[] counts, double q) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && below + counts[i] >= rank) {
        long lower = lowerBound(i);
        if (i == OVERFLOW) {
          return lower / 1e9;
        }
        double fraction = (rank - below) / counts[i];
        return (lower + fraction * (lowerBound(i + 1) - lower)) / 1e9;
      }
      below += counts[i];
    }
    return lowerBound(OVERFLOW) / 1e9;
  }
}
