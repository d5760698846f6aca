package dev.monitoredinference.abuse;

import dev.monitoredinference.CallerId;
import org.jspecify.annotations.Nullable;

/**
 * What is kept per caller, all of fixed size: rate counters and flags (touched by the caller's
 * thread, guarded by {@code this}), and the query history (touched only by the detector's
 * thread): the last {@value #RESERVOIR} distinct query fingerprints, the distances of the last
 * {@value #DISTANCES} new queries to their nearest earlier one, and one bit per query of the last
 * 64 saying whether it was new. About 1.5 KB with the table's entry (see the security guide).
 */
final class CallerState {
  static final int RESERVOIR = 32;
  static final int DISTANCES = 48;
  static final int NOVELTY_WINDOW = 64;

  final CallerId caller;

  // Caller threads, guarded by this.
  private long windowStart;
  private int current;
  private int previous;
  private int throttled;
  private long calls;
  private long rejected;
  private final long[] flaggedUntil = new long[AbuseKind.values().length];

  // The detector's thread only.
  final float[] reservoir = new float[RESERVOIR * Fingerprints.DIMS];
  int reservoirSize;
  int reservoirNext;
  final float[] distances = new float[DISTANCES];
  int distanceCount;
  int distanceNext;
  int newSinceTest;
  long noveltyBits;
  int noveltyCount;

  CallerState(CallerId caller, long now) {
    this.caller = caller;
    this.windowStart = now;
  }

  /**
   * Counts a call at {@code now}; returns the calls in the sliding {@code window} ending now: the
   * current fixed window's plus the previous one's, weighted by how much of it still overlaps.
   */
  synchronized double countCall(long now, long window) {
    roll(now, window);
    current++;
    calls++;
    return previous * (double) (window - (now - windowStart)) / window + current;
  }

  /** Whether a throttled caller may have one more call in the current window (and takes it). */
  synchronized boolean takeThrottled(long now, long window, int allowed) {
    roll(now, window);
    if (throttled >= allowed) {
      return false;
    }
    throttled++;
    return true;
  }

  private void roll(long now, long window) {
    long elapsed = now - windowStart;
    if (elapsed >= window) {
      previous = elapsed >= 2 * window ? 0 : current;
      current = 0;
      throttled = 0;
      windowStart = now - elapsed % window;
    }
  }

  /** Counts a call rejected as invalid; returns the rejected share, or -1 below {@code minCalls}. */
  synchronized double countRejected(int minCalls) {
    rejected++;
    return calls < minCalls ? -1 : (double) rejected / calls;
  }

  synchronized long calls() {
    return calls;
  }

  /** Raises {@code kind} until {@code until}; whether it was not raised at {@code now} already. */
  synchronized boolean raise(AbuseKind kind, long now, long until) {
    boolean fresh = !isFlagged(kind, now);
    flaggedUntil[kind.ordinal()] = until;
    return fresh;
  }

  synchronized boolean isFlagged(AbuseKind kind, long now) {
    long until = flaggedUntil[kind.ordinal()];
    return until != 0 && until - now > 0;
  }

  /** The first kind flagged at {@code now}, in {@link AbuseKind} order; null if none. */
  synchronized @Nullable AbuseKind flaggedAs(long now) {
    for (AbuseKind kind : AbuseKind.values()) {
      if (isFlagged(kind, now)) {
        return kind;
      }
    }
    return null;
  }
}
