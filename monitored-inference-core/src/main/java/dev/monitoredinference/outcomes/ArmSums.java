package dev.monitoredinference.outcomes;

import java.util.Arrays;

/**
 * The sums of one version and variant: since the tracker started, and per slice of the sliding
 * window (a ring of slices, each tagged with its slice number, reset when reused). Each addition
 * takes one short lock.
 */
final class ArmSums {
  private final double[] totals = new double[Sum.COUNT];
  private final double[][] slices;
  private final long[] sliceIds;
  private final long sliceNanos;

  ArmSums(long windowNanos, int slices) {
    this.slices = new double[slices][Sum.COUNT];
    this.sliceIds = new long[slices];
    Arrays.fill(sliceIds, Long.MIN_VALUE);
    this.sliceNanos = windowNanos / slices;
  }

  /** Adds {@code amount} to {@code sum}, in the total and in the slice of {@code now}. */
  synchronized void add(long now, int sum, double amount) {
    long id = Math.floorDiv(now, sliceNanos);
    int slot = (int) Math.floorMod(id, (long) slices.length);
    if (sliceIds[slot] != id) {
      Arrays.fill(slices[slot], 0);
      sliceIds[slot] = id;
    }
    slices[slot][sum] += amount;
    totals[sum] += amount;
  }

  /** A copy of the sums since the start. */
  synchronized double[] totals() {
    return totals.clone();
  }

  /** The sums of the slices still in the window at {@code now}, the current one included. */
  synchronized double[] window(long now) {
    long current = Math.floorDiv(now, sliceNanos);
    double[] sums = new double[Sum.COUNT];
    for (int slot = 0; slot < slices.length; slot++) {
      if (sliceIds[slot] > current - slices.length && sliceIds[slot] <= current) {
        for (int sum = 0; sum < Sum.COUNT; sum++) {
          sums[sum] += slices[slot][sum];
        }
      }
    }
    return sums;
  }
}
