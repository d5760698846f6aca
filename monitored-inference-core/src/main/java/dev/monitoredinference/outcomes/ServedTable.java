package dev.monitoredinference.outcomes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The served lists held for their attribution window: a Caffeine table keyed by the 64-bit hash
 * of the prediction id, capped in size, whose leaving lists are settled. It also tells why no list
 * is held for an id: lists leave in the order of their ids' counters, so the highest counter that
 * expired, and the highest the cap pushed out, classify a miss without keeping anything per list.
 */
final class ServedTable {
  private final Cache<Long, ServedList> table;
  private final LongSupplier ticker;
  private volatile @Nullable String idPrefix; // the process's, learned from the first id served
  private volatile long expiredUpTo = -1; // written under Caffeine's eviction lock only
  private volatile long evictedUpTo = -1;

  ServedTable(OutcomeConfig config, boolean enabled) {
    this.ticker = config.ticker();
    this.table = Caffeine.newBuilder()
        .expireAfterWrite(config.attributionWindow())
        .maximumSize(enabled ? config.maxServedLists() : 0)
        .ticker(ticker::getAsLong)
        .executor(Runnable::run) // settle on the calling thread: deterministic, no pool
        .evictionListener(this::settle)
        .build();
  }

  /** The counter of {@code id}, a prediction id of this process; -1 if it is not one. */
  long serialOf(String id) {
    String prefix = idPrefix;
    if (prefix == null) {
      prefix = id.substring(0, Math.max(0, id.indexOf('-')));
      idPrefix = prefix;
    }
    return Hashes.serial(id, prefix);
  }

  /** Holds {@code list} under {@code id}; false (and holds nothing) if a list is held for it. */
  boolean add(String id, ServedList list) {
    return table.asMap().putIfAbsent(Hashes.of(id), list) == null;
  }

  /** The list held for {@code id}, or null. */
  @Nullable ServedList get(String id) {
    return table.getIfPresent(Hashes.of(id));
  }

  /** Why no list is held for {@code id}: expired, pushed out, or unknown. */
  OutcomeDrop missing(String id) {
    String prefix = idPrefix;
    long serial = prefix == null ? -1 : Hashes.serial(id, prefix);
    if (serial < 0) {
      return OutcomeDrop.UNKNOWN;
    }
    table.cleanUp(); // settles what has expired, so that the marks are current
    return serial <= expiredUpTo ? OutcomeDrop.EXPIRED
        : serial <= evictedUpTo ? OutcomeDrop.EVICTED : OutcomeDrop.UNKNOWN;
  }

  /** The lists held, after settling every expired one. */
  long held() {
    settleExpired();
    return table.estimatedSize();
  }

  /** Caffeine expires at most a batch of entries per clean-up; repeat until none is left. */
  void settleExpired() {
    long before;
    do {
      before = table.estimatedSize();
      table.cleanUp();
    } while (table.estimatedSize() < before);
  }

  /** The eviction listener: credits a list that leaves and remembers its counter. */
  private void settle(@Nullable Long key, @Nullable ServedList list, RemovalCause cause) {
    if (list == null) {
      return;
    }
    list.settle(ticker.getAsLong());
    if (cause == RemovalCause.EXPIRED) {
      expiredUpTo = Math.max(expiredUpTo, list.serial);
    } else if (cause == RemovalCause.SIZE) {
      evictedUpTo = Math.max(evictedUpTo, list.serial);
    }
  }
}
