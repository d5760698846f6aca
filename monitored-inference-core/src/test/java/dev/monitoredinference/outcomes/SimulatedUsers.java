package dev.monitoredinference.outcomes;

import java.util.SplittableRandom;

/**
 * Seeded users of a ranked list of 10 items: a user looks at position i (from 0) with probability
 * 1/(i+1) and clicks what they look at with the item's hidden relevance. The control ranker puts
 * items of relevance 0.12 everywhere (CTR@10 = 1 − Π(1 − 0.12/(i+1)) = 0.2968); a worse ranker
 * scales every relevance so that its CTR@10 is {@code share} of that.
 */
public final class SimulatedUsers {
  static final int K = 10;
  static final double RELEVANCE = 0.12;

  private final SplittableRandom random;
  private final double relevance;

  private SimulatedUsers(long seed, double relevance) {
    this.random = new SplittableRandom(seed);
    this.relevance = relevance;
  }

  /** Users of the control ranker. */
  public static SimulatedUsers ofControl(long seed) {
    return new SimulatedUsers(seed, RELEVANCE);
  }

  /** Users of a ranker whose CTR@10 is {@code share} of the control's (by bisection). */
  public static SimulatedUsers ofRankerWithCtrShare(long seed, double share) {
    double target = share * ctr(RELEVANCE);
    double low = 0;
    double high = RELEVANCE;
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (ctr(mid) < target) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return new SimulatedUsers(seed, low);
  }

  /** The CTR@10 of items of {@code relevance}. */
  static double ctr(double relevance) {
    double none = 1;
    for (int i = 0; i < K; i++) {
      none *= 1 - relevance / (i + 1);
    }
    return 1 - none;
  }

  /** The first position this user clicks on one search, or -1 for none. */
  public int firstClick() {
    for (int i = 0; i < K; i++) {
      if (random.nextDouble() < 1.0 / (i + 1) && random.nextDouble() < relevance) {
        return i;
      }
    }
    return -1;
  }
}
