package dev.monitoredinference.abuse;

import dev.monitoredinference.internal.Mix64;

/**
 * Turns a query into a point in a small fixed space ({@value #DIMS} coordinates), so that each
 * caller's history costs the same whatever the model: numbers through a seeded random
 * projection (distances kept in expectation, Johnson–Lindenstrauss style, with no matrix
 * stored: each coefficient is a hash of its position), texts as the sum of one seeded random point per
 * word (lower-cased; split at anything that is not a letter or digit), so that equal texts meet
 * and texts sharing words are close. Pure functions.
 */
final class Fingerprints {
  static final int DIMS = 8;
  /** Numbers beyond this many (the first row's) are ignored: enough to tell queries apart. */
  static final int MAX_NUMBERS = 64;

  private static final double SCALE = 1 / Math.sqrt(DIMS);
  private static final double SQRT3 = Math.sqrt(3);

  private Fingerprints() {}

  static float[] ofNumbers(float[] values, long seed) {
    float[] point = new float[DIMS];
    for (int i = 0; i < values.length; i++) {
      long state = Mix64.of(seed + 0x9e3779b97f4a7c15L * (i + 1));
      for (int j = 0; j < DIMS; j++) {
        state += 0x9e3779b97f4a7c15L;
        point[j] += (float) (values[i] * unit(state));
      }
    }
    for (int j = 0; j < DIMS; j++) {
      point[j] *= SCALE;
    }
    return point;
  }

  /**
   * A coefficient uniform in [-√3, √3) (unit variance): real-valued, so that distinct grid
   * points (small integers) never project onto the same point, as they can under a sign projection.
   */
  private static double unit(long state) {
    return ((Mix64.of(state) >>> 11) * 0x1.0p-53 * 2 - 1) * SQRT3;
  }

  static float[] ofText(String text, long seed) {
    float[] point = new float[DIMS];
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean wordChar = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
      if (wordChar && start < 0) {
        start = i;
      } else if (!wordChar && start >= 0) {
        addWord(point, text, start, i, seed);
        start = -1;
      }
    }
    return point;
  }

  private static void addWord(float[] point, String text, int from, int to, long seed) {
    long h = seed;
    for (int i = from; i < to; i++) {
      h = (h ^ Character.toLowerCase(text.charAt(i))) * 0x100000001b3L; // FNV-1a over chars
    }
    long state = h;
    for (int j = 0; j < DIMS; j++) {
      state += 0x9e3779b97f4a7c15L;
      point[j] += (float) ((Mix64.of(state) >>> 11) * 0x1.0p-53 * 2 - 1);
    }
  }
}
