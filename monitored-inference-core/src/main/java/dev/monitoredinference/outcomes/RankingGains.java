package dev.monitoredinference.outcomes;

import java.util.Arrays;

/**
 * Reciprocal rank and NDCG of one served list from its outcome flags: three bits per position
 * (click, add to cart, purchase), the grade of a position being its highest outcome's. NDCG's
 * ideal ordering is the shown items' grades sorted, so it measures how well the model ordered
 * what users engaged with; a list without outcomes has no NDCG.
 */
final class RankingGains {
  static final int BITS_PER_ITEM = 3;
  private static final double LN2 = Math.log(2);

  private RankingGains() {}

  /** The grade (0 to 3) of {@code position}. */
  static int grade(long flags, int position) {
    int bits = (int) (flags >>> (position * BITS_PER_ITEM)) & 0b111;
    return 32 - Integer.numberOfLeadingZeros(bits);
  }

  /** 1 / (1 + the first position with an outcome), 0 without outcomes. */
  static double reciprocalRank(long flags, int items) {
    for (int position = 0; position < items; position++) {
      if (grade(flags, position) > 0) {
        return 1.0 / (position + 1);
      }
    }
    return 0;
  }

  /** DCG over ideal DCG with gains {@code 2^grade - 1}; NaN without outcomes. */
  static double ndcg(long flags, int items) {
    int[] grades = new int[items];
    double dcg = 0;
    for (int position = 0; position < items; position++) {
      grades[position] = grade(flags, position);
      dcg += gain(grades[position], position);
    }
    Arrays.sort(grades);
    double ideal = 0;
    for (int position = 0; position < items; position++) {
      ideal += gain(grades[items - 1 - position], position);
    }
    return ideal == 0 ? Double.NaN : dcg / ideal;
  }

  private static double gain(int grade, int position) {
    return ((1 << grade) - 1) * LN2 / Math.log(position + 2);
  }
}
