package dev.monitoredinference.outcomes;

import org.jspecify.annotations.Nullable;

/**
 * One held search: the hashes of its top k items, which outcomes each has had (three bits an
 * item), and the sums it credits. Outcomes and settlement take the list's lock, then its arm's.
 */
final class ServedList {
  /** The purchase bit of every position. */
  private static final long PURCHASES = purchaseBits();

  final long serial;
  private final ArmSums arm;
  private final long[] items;
  private final boolean calibrated;
  private long flags;
  private boolean settled;

  ServedList(long serial, ArmSums arm, long[] items, boolean calibrated) {
    this.serial = serial;
    this.arm = arm;
    this.items = items;
    this.calibrated = calibrated;
  }

  /**
   * Credits {@code outcome} on the item hashed {@code item} at {@code now}; returns why it was
   * dropped instead, or null. {@code gone} is the reason to give if the list settled meanwhile.
   */
  synchronized @Nullable OutcomeDrop record(long item, Outcome outcome, double value, long now,
      OutcomeDrop gone) {
    if (settled) {
      return gone;
    }
    int position = positionOf(item);
    if (position < 0) {
      return OutcomeDrop.NOT_IN_TOP_K;
    }
    int shift = position * RankingGains.BITS_PER_ITEM;
    long bit = 1L << (shift + outcome.grade() - 1);
    if ((flags & bit) != 0) {
      return OutcomeDrop.DUPLICATE;
    }
    boolean searchEngaged = flags != 0;
    boolean itemEngaged = (flags >>> shift & 0b111) != 0;
    boolean converted = (flags & PURCHASES) != 0;
    flags |= bit;
    if (!searchEngaged) {
      arm.add(now, Sum.ENGAGED, 1);
    }
    if (!itemEngaged && calibrated) {
      arm.add(now, Sum.OBSERVED_CLICKS, 1);
    }
    if (outcome == Outcome.PURCHASE) {
      if (!converted) {
        arm.add(now, Sum.CONVERTED, 1);
      }
      arm.add(now, Sum.REVENUE, value);
    }
    return null;
  }

  /**
   * Credits the list's reciprocal rank and NDCG at {@code now}, once: its attribution window closed
   * or the size cap pushed it out. Later outcomes are dropped.
   */
  synchronized void settle(long now) {
    if (settled) {
      return;
    }
    settled = true;
    arm.add(now, Sum.SETTLED, 1);
    arm.add(now, Sum.RECIPROCAL_RANKS, RankingGains.reciprocalRank(flags, items.length));
    if (flags != 0) {
      arm.add(now, Sum.SETTLED_ENGAGED, 1);
      arm.add(now, Sum.NDCG, RankingGains.ndcg(flags, items.length));
    }
  }

  private int positionOf(long item) {
    for (int position = 0; position < items.length; position++) {
      if (items[position] == item) {
        return position;
      }
    }
    return -1;
  }

  private static long purchaseBits() {
    long bits = 0;
    for (int position = 0; position < OutcomeConfig.MAX_TOP_K; position++) {
      bits |= 1L << (position * RankingGains.BITS_PER_ITEM + Outcome.PURCHASE.grade() - 1);
    }
    return bits;
  }
}
