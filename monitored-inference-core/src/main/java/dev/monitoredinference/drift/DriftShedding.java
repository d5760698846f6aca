package dev.monitoredinference.drift;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the drift thread to a small share of a saturated machine by admitting only part of the
 * sampled calls; the rest are shed (counted, never sketched) in the caller's thread, before their
 * values are copied.
 *
 * <p>Why: with every core busy (say 4 callers on 2 cores) the drift thread competes with the
 * callers for CPU. Sketching a tiny model's call takes about as long as a quarter of the call, so
 * a drift thread that keeps up with every call costs that much throughput. Every {@link
 * #CHECK_NANOS} the drift thread measures its own CPU share; when the machine is saturated
 * ({@link #SATURATED}), the drift thread is over {@link #BUDGET} of the machine and its queue
 * overflowed since the last check (it is behind: calls were being dropped anyway), it lowers the
 * admitted share to what meets the budget. It holds that share while the machine stays saturated
 * and doubles it back up to every call once the machine has idle CPU or its share falls below half
 * the budget. Requiring an overflow keeps shedding out of any run in which no call is dropped.
 *
 * <p>Shedding changes the sampling rate, not what is sampled: whole calls are shed, each with the
 * same probability whatever its values, so the sketches stay unbiased; only the window's sample
 * count falls, which the tests already take into account (they judge each window by its own
 * count). Thread-safe: callers read one volatile; only the drift thread adjusts.
 */
final class DriftShedding {
  /** The drift thread's share of the machine's CPU to keep to while it is saturated. */
  static final double BUDGET = 0.02;

  /** The machine's recent CPU use (0–1) from which it counts as saturated. */
  static final double SATURATED = 0.90;

  /** The least share of sampled calls admitted, however busy the machine. */
  static final double MIN_ADMITTED = 0.01;

  /** How often the drift thread measures its share and adjusts. */
  static final long CHECK_NANOS = 100_000_000;

  private final LongAdder shed = new LongAdder();
  private volatile double admitted = 1;

  /** Whether this sampled call goes to the drift thread; counts it as shed if not. Callers. */
  boolean admit() {
    return admitted >= 1 || admit(ThreadLocalRandom.current().nextDouble());
  }

  /** {@link #admit()} with the uniform draw given. */
  boolean admit(double draw) {
    if (draw < admitted) {
      return true;
    }
    shed.increment();
    return false;
  }

  /**
   * Drift thread, every {@link #CHECK_NANOS}: {@code driftShare} is the drift thread's CPU time
   * over the last interval divided by its wall time and the machine's cores; {@code machineLoad}
   * the machine's CPU use over the interval (0–1; negative when unknown, taken as not saturated);
   * {@code overflowed} whether the queue dropped a call in the interval.
   */
  void adjust(double driftShare, double machineLoad, boolean overflowed) {
    double share = admitted;
    if (machineLoad < SATURATED || driftShare <= BUDGET / 2) {
      share = Math.min(1, share * 2);
    } else if (driftShare > BUDGET && overflowed) {
      share = Math.max(MIN_ADMITTED, share * BUDGET / driftShare);
    }
    admitted = share;
  }

  /** The share of sampled calls admitted now, 1 unless the machine is saturated. */
  double admitted() {
    return admitted;
  }

  /** Sampled calls shed so far. */
  long shed() {
    return shed.sum();
  }
}
