package dev.monitoredinference.abuse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.monitoredinference.CallerId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The detection itself. The caller's thread does O(1) work: finds the caller's state, counts the
 * call (flooding), counts a rejection (probing by rejected share), checks the flags for
 * enforcement. The detector's thread fingerprints each served query and judges the history
 * (extraction by novelty, probing by PRADA's distance test). Events raised on a caller's thread
 * go through {@code handOff}, so listeners always run on the detector's thread.
 */
final class AbuseEngine {
  private final String modelName;
  private final AbuseConfig config;
  private final Cache<Long, CallerState> callers;
  private final Consumer<AbuseEvent> dispatch;
  private final Consumer<AbuseEvent> handOff;
  private final long window;
  private final long flagNanos;
  private final ShapiroWilk shapiroWilk = new ShapiroWilk(CallerState.DISTANCES);
  private final LongAdder[] detections = new LongAdder[AbuseKind.values().length];

  /**
   * @param dispatch delivers an event on the detector's thread
   * @param handOff carries an event raised on a caller's thread to the detector's thread
   */
  AbuseEngine(String modelName, AbuseConfig config, Consumer<AbuseEvent> dispatch,
      Consumer<AbuseEvent> handOff) {
    this.modelName = modelName;
    this.config = config;
    this.dispatch = dispatch;
    this.handOff = handOff;
    this.window = config.rateWindow.toNanos();
    this.flagNanos = config.flagDuration.toNanos();
    this.callers = Caffeine.newBuilder()
        .maximumSize(config.maxCallers)
        .expireAfterAccess(config.idleExpiry)
        .ticker(config.ticker::getAsLong)
        .executor(Runnable::run) // evictions inline: no work lands on the common pool
        .build();
    for (int i = 0; i < detections.length; i++) {
      detections[i] = new LongAdder();
    }
  }

  /** The state of {@code caller}, made on its first call. Caller's thread. */
  CallerState state(CallerId caller, long now) {
    Long key = caller.hash();
    CallerState known = callers.getIfPresent(key); // no capturing lambda on the common path
    return known != null ? known : callers.get(key, hash -> new CallerState(caller, now));
  }

  /** The state of {@code caller} if tracked. */
  @Nullable CallerState find(CallerId caller) {
    return callers.getIfPresent(caller.hash());
  }

  long trackedCallers() {
    callers.cleanUp();
    return callers.estimatedSize();
  }

  /**
   * Counts a call; returns the kind its caller is refused for under the configured enforcement,
   * or null when the call may proceed. Caller's thread.
   */
  @Nullable AbuseKind admit(CallerState state, long now) {
    double rate = state.countCall(now, window);
    if (rate > config.floodCalls) {
      raise(state, AbuseKind.FLOODING, "rate", rate, config.floodCalls, now, handOff);
    }
    if (config.enforcement == Enforcement.OBSERVE) {
      return null;
    }
    AbuseKind kind = state.flaggedAs(now);
    if (kind == null || (config.enforcement == Enforcement.THROTTLE
        && state.takeThrottled(now, window, config.throttleCalls))) {
      return null;
    }
    return kind;
  }

  /** Counts a call rejected as invalid. Caller's thread. */
  void rejected(CallerState state, long now) {
    double share = state.countRejected(config.minCalls);
    if (share > config.maxRejectedShare) {
      raise(state, AbuseKind.PROBING, "rejected_share", share, config.maxRejectedShare, now, handOff);
    }
  }

  /** Judges one served query: numbers (float[]) or texts (List of String). Detector's thread. */
  void observe(CallerState state, Object query, long now) {
    if (query instanceof float[]) {
      judge(state, Fingerprints.ofNumbers((float[]) query, config.seed), now);
    } else {
      List<?> texts = (List<?>) query;
      for (Object text : texts) {
        judge(state, Fingerprints.ofText((String) text, config.seed), now);
      }
    }
  }

  private void judge(CallerState state, float[] point, long now) {
    double nearest = nearest(state, point);
    boolean fresh = nearest > config.duplicateRadius;
    state.noveltyBits = (state.noveltyBits << 1) | (fresh ? 1 : 0);
    state.noveltyCount = Math.min(CallerState.NOVELTY_WINDOW, state.noveltyCount + 1);
    if (fresh) {
      remember(state, point);
      if (nearest < Double.MAX_VALUE) {
        state.distances[state.distanceNext] = (float) nearest;
        state.distanceNext = (state.distanceNext + 1) % CallerState.DISTANCES;
        state.distanceCount = Math.min(CallerState.DISTANCES, state.distanceCount + 1);
        state.newSinceTest++;
      }
    }
    if (state.noveltyCount == CallerState.NOVELTY_WINDOW) {
      double share = Long.bitCount(state.noveltyBits) / (double) CallerState.NOVELTY_WINDOW;
      if (share >= config.extractionNovelty) {
        raise(state, AbuseKind.SUSPECTED_EXTRACTION, "novelty", share, config.extractionNovelty, now,
            dispatch);
      }
    }
    // PRADA: are the new queries' distances to their nearest earlier one normal? Tested on at
    // least 32 distances, every 8 new queries (a sort of at most 48 floats).
    if (config.sweepThreshold > 0 && state.distanceCount >= 32 && state.newSinceTest >= 8) {
      state.newSinceTest = 0;
      double w = shapiroWilk.w(state.distances, state.distanceCount);
      if (w < config.sweepThreshold) {
        raise(state, AbuseKind.PROBING, "distance_normality", w, config.sweepThreshold, now, dispatch);
      }
    }
  }

  private static double nearest(CallerState state, float[] point) {
    double best = Double.MAX_VALUE;
    float[] reservoir = state.reservoir;
    for (int k = 0; k < state.reservoirSize; k++) {
      int base = k * Fingerprints.DIMS;
      double sum = 0;
      for (int j = 0; j < Fingerprints.DIMS; j++) {
        double d = reservoir[base + j] - point[j];
        sum += d * d;
      }
      best = Math.min(best, sum);
    }
    return best == Double.MAX_VALUE ? best : Math.sqrt(best);
  }

  private static void remember(CallerState state, float[] point) {
    System.arraycopy(point, 0, state.reservoir, state.reservoirNext * Fingerprints.DIMS, Fingerprints.DIMS);
    state.reservoirNext = (state.reservoirNext + 1) % CallerState.RESERVOIR;
    state.reservoirSize = Math.min(CallerState.RESERVOIR, state.reservoirSize + 1);
  }

  private void raise(CallerState state, AbuseKind kind, String evidence, double observed, double threshold,
      long now, Consumer<AbuseEvent> to) {
    if (state.raise(kind, now, now + flagNanos)) {
      detections[kind.ordinal()].increment();
      to.accept(AbuseEvent.of(modelName, state.caller, kind, evidence, observed, threshold, state.calls(),
          Instant.now(config.clock)));
    }
  }

  long detections(AbuseKind kind) {
    return detections[kind.ordinal()].sum();
  }
}
