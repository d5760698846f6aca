package dev.monitoredinference.drift;

import java.lang.reflect.Field;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes KLL compaction reproducible. DataSketches 6.2.0 draws every KLL sketch's compaction coin
 * from one JVM-wide {@code java.util.Random} ({@code KllSketch.random}, package-private, with no
 * way to seed it), so the same stream gave different sketches and, near a threshold, different
 * decisions. Every sketch update and merge of the drift code runs inside {@link #LOCK}, after
 * {@link #reseed} with a value derived from the configured seed and the profile's position in
 * the stream; the draws in between are then a function of the stream alone.
 *
 * <p>Cost: one uncontended lock and one {@code setSeed} per sketched call, on the drift thread;
 * drift threads of different models take turns for the sketch updates of a call. Should a later
 * DataSketches lose the field, compaction stays random (logged once) and the replay test fails.
 */
final class KllRandomness {
  private static final Logger log = LoggerFactory.getLogger(KllRandomness.class);
  /** Held around every KLL update and merge made by drift code. */
  static final Object LOCK = new Object();
  private static final @Nullable Random SHARED = find();

  private KllRandomness() {}

  /** Seeds the shared compaction coin; call holding {@link #LOCK}. */
  static void reseed(long seed, long position) {
    if (SHARED != null) {
      SHARED.setSeed(mix(seed ^ mix(position)));
    }
  }

  /** SplitMix64's finalizer: nearby positions give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static @Nullable Random find() {
    try {
      Field field = Class.forName("org.apache.datasketches.kll.KllSketch")
          .getDeclaredField("random");
      field.setAccessible(true);
      return (Random) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("KLL compaction cannot be seeded ({}); drift sketches of a replayed stream may"
          + " differ slightly", e.toString());
      return null;
    }
  }
}
