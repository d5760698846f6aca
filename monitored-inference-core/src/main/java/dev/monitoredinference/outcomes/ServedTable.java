package dev.monitoredinference.outcomes;

import dev.monitoredinference.internal.Mix64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The served lists held for their attribution window, oldest first in a ring. Every list has the
 * same window, so expiry after serving is first in, first out, and so is the size cap: at the cap
 * the oldest list leaves for the newest. A ring gives both exactly, with no object per list (a
 * Caffeine table cost about 300 B per list served, and at its cap its frequency-based admission
 * turned most new lists away instead of the oldest). A list is found by its prediction's counter
 * through an open-addressing index; a list that leaves is settled.
 *
 * <p>Slot fields live in parallel arrays that grow by doubling up to the cap, so a small tracker
 * stays small. One lock guards the table; an arm's sums take their own lock inside it.
 */
final class ServedTable {
  /** The purchase bit of every position. */
  private static final long PURCHASES = purchaseBits();
  private static final int FIRST_SLOTS = 1024;

  private final int cap;
  private final int topK;
  private final long attributionNanos;
  private @Nullable String idPrefix; // the process's, learned from the first id served
  private long expiredUpTo = -1; // the highest counter whose list expired
  private long evictedUpTo = -1; // the highest counter whose list the cap pushed out

  // Slot fields; slot (oldest + i) % slots holds the i-th oldest list.
  private long[] serials = new long[0];
  private long[] servedAt = new long[0];
  private long[] flags = new long[0]; // three outcome bits per position
  private byte[] lengths = new byte[0]; // items kept; negative when calibrated
  private ArmSums[] arms = new ArmSums[0];
  private long[] items = new long[0]; // topK hashes per slot
  private int[] index = new int[0]; // slot + 1 per bucket, 0 for none; linear probing
  private int oldest;
  private int count;

  ServedTable(OutcomeConfig config) {
    this.cap = config.maxServedLists();
    this.topK = config.topK();
    this.attributionNanos = config.attributionWindow().toNanos();
  }

  /**
   * Holds the first {@code k} of {@code itemIds} for the prediction {@code id}, crediting {@code
   * arm}; false (and holds nothing) if a list is held for it.
   */
  synchronized boolean add(String id, List<String> itemIds, int k, ArmSums arm, boolean calibrated,
      long now) {
    settleExpired(now);
    long serial = serialOf(id);
    if (find(serial) >= 0) {
      return false;
    }
    if (count == cap) {
      leave(now, false);
    }
    if (count == serials.length) {
      grow();
    }
    int slot = (oldest + count) % serials.length;
    serials[slot] = serial;
    servedAt[slot] = now;
    flags[slot] = 0;
    lengths[slot] = (byte) (calibrated ? -k : k);
    arms[slot] = arm;
    for (int i = 0; i < k; i++) {
      items[slot * topK + i] = Hashes.of(itemIds.get(i));
    }
    place(slot);
    count++;
    return true;
  }

  /**
   * Credits {@code outcome} on the item hashed {@code item} of the list served for {@code id} at
   * {@code now}; returns why it was dropped instead, or null.
   */
  synchronized @Nullable OutcomeDrop record(String id, long item, Outcome outcome, double value,
      long now) {
    settleExpired(now);
    String prefix = idPrefix;
    long serial = prefix == null ? -1 : Hashes.serial(id, prefix);
    int bucket = serial < 0 ? -1 : find(serial);
    if (bucket < 0) {
      return serial < 0 ? OutcomeDrop.UNKNOWN : serial <= expiredUpTo ? OutcomeDrop.EXPIRED
          : serial <= evictedUpTo ? OutcomeDrop.EVICTED : OutcomeDrop.UNKNOWN;
    }
    int slot = index[bucket] - 1;
    int position = positionOf(slot, item);
    if (position < 0) {
      return OutcomeDrop.NOT_IN_TOP_K;
    }
    long was = flags[slot];
    int shift = position * RankingGains.BITS_PER_ITEM;
    long bit = 1L << (shift + outcome.grade() - 1);
    if ((was & bit) != 0) {
      return OutcomeDrop.DUPLICATE;
    }
    flags[slot] = was | bit;
    ArmSums arm = arms[slot];
    if (was == 0) {
      arm.add(now, Sum.ENGAGED, 1);
    }
    if ((was >>> shift & 0b111) == 0 && lengths[slot] < 0) {
      arm.add(now, Sum.OBSERVED_CLICKS, 1);
    }
    if (outcome == Outcome.PURCHASE) {
      if ((was & PURCHASES) == 0) {
        arm.add(now, Sum.CONVERTED, 1);
      }
      arm.add(now, Sum.REVENUE, value);
    }
    return null;
  }

  /** The lists held, after settling every expired one. */
  synchronized long held(long now) {
    settleExpired(now);
    return count;
  }

  /** Settles, oldest first, the lists whose attribution window has closed by {@code now}. */
  synchronized void settleExpired(long now) {
    while (count > 0 && now - servedAt[oldest] >= attributionNanos) {
      leave(now, true);
    }
  }

  /** The counter of {@code id}, a prediction id of this process. */
  private long serialOf(String id) {
    String prefix = idPrefix;
    if (prefix == null) {
      prefix = id.substring(0, Math.max(0, id.indexOf('-')));
      idPrefix = prefix;
    }
    long serial = Hashes.serial(id, prefix);
    if (serial < 0) {
      throw new IllegalStateException("not a prediction id of this process: " + id);
    }
    return serial;
  }

  /**
   * Removes the oldest list, its window closed ({@code expired}) or pushed out by the cap, marks its
   * counter for telling later outcomes why, and credits its reciprocal rank and NDCG.
   */
  private void leave(long now, boolean expired) {
    int slot = oldest;
    if (expired) {
      expiredUpTo = Math.max(expiredUpTo, serials[slot]);
    } else {
      evictedUpTo = Math.max(evictedUpTo, serials[slot]);
    }
    unplace(find(serials[slot]));
    ArmSums arm = arms[slot];
    long outcomes = flags[slot];
    int k = Math.abs(lengths[slot]);
    arm.add(now, Sum.SETTLED, 1);
    arm.add(now, Sum.RECIPROCAL_RANKS, RankingGains.reciprocalRank(outcomes, k));
    if (outcomes != 0) {
      arm.add(now, Sum.SETTLED_ENGAGED, 1);
      arm.add(now, Sum.NDCG, RankingGains.ndcg(outcomes, k));
    }
    oldest = (oldest + 1) % serials.length;
    count--;
  }

  private int positionOf(int slot, long item) {
    int base = slot * topK;
    int k = Math.abs(lengths[slot]);
    for (int position = 0; position < k; position++) {
      if (items[base + position] == item) {
        return position;
      }
    }
    return -1;
  }

  /** The bucket holding {@code serial}, or -1. */
  private int find(long serial) {
    if (index.length == 0) {
      return -1;
    }
    int mask = index.length - 1;
    for (int bucket = home(serial, mask); ; bucket = (bucket + 1) & mask) {
      int entry = index[bucket];
      if (entry == 0) {
        return -1;
      }
      if (serials[entry - 1] == serial) {
        return bucket;
      }
    }
  }

  private void place(int slot) {
    int mask = index.length - 1;
    int bucket = home(serials[slot], mask);
    while (index[bucket] != 0) {
      bucket = (bucket + 1) & mask;
    }
    index[bucket] = slot + 1;
  }

  /** Empties {@code hole}, shifting back the entries after it that would no longer be found. */
  private void unplace(int hole) {
    int mask = index.length - 1;
    for (int bucket = (hole + 1) & mask; index[bucket] != 0; bucket = (bucket + 1) & mask) {
      int home = home(serials[index[bucket] - 1], mask);
      if (((bucket - home) & mask) >= ((bucket - hole) & mask)) {
        index[hole] = index[bucket];
        hole = bucket;
      }
    }
    index[hole] = 0;
  }

  /** Doubles the slots (at most to the cap), oldest list first at slot 0, and re-indexes. */
  private void grow() {
    int was = serials.length;
    int slots = (int) Math.min(cap, Math.max(FIRST_SLOTS, 2L * was));
    serials = inOrder(serials, new long[slots], was);
    servedAt = inOrder(servedAt, new long[slots], was);
    flags = inOrder(flags, new long[slots], was);
    lengths = inOrder(lengths, new byte[slots], was);
    arms = inOrder(arms, new ArmSums[slots], was);
    long[] grown = new long[slots * topK];
    for (int i = 0; i < count; i++) {
      System.arraycopy(items, ((oldest + i) % was) * topK, grown, i * topK, topK);
    }
    items = grown;
    oldest = 0;
    index = new int[Integer.highestOneBit(Math.max(1, 2 * slots - 1)) << 1];
    for (int slot = 0; slot < count; slot++) {
      place(slot);
    }
  }

  /** Copies the held slots of {@code from}, an array of {@code slots}, into {@code to}, oldest first. */
  private <A> A inOrder(A from, A to, int slots) {
    int first = Math.min(count, slots - oldest);
    System.arraycopy(from, oldest, to, 0, first);
    System.arraycopy(from, 0, to, first, count - first);
    return to;
  }

  private static int home(long serial, int mask) {
    return (int) Mix64.of(serial) & mask;
  }

  private static long purchaseBits() {
    long bits = 0;
    for (int position = 0; position < OutcomeConfig.MAX_TOP_K; position++) {
      bits |= 1L << (position * RankingGains.BITS_PER_ITEM + Outcome.PURCHASE.grade() - 1);
    }
    return bits;
  }
}
