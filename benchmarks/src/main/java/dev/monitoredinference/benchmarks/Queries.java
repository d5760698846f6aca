package dev.monitoredinference.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * 10,000 distinct shop queries and a seeded sequence drawn from them by a Zipf(1.0) law: a few
 * head queries make up most of the traffic, as in search logs.
 */
final class Queries {
  private static final String[] COLORS = {
    "red", "blue", "black", "white", "green", "grey", "pink", "navy", "beige", "yellow"};
  private static final String[] PRODUCTS = {
    "running shoes", "trail sneakers", "rain jacket", "wool socks", "hiking boots", "yoga mat",
    "backpack", "sports bra", "cycling shorts", "fleece hoodie", "swim goggles", "tennis racket",
    "ski gloves", "water bottle", "bike helmet", "gym bag", "sun hat", "down vest", "leggings",
    "sandals"};
  private static final String[] MODIFIERS = {
    "for women", "for men", "for kids", "waterproof", "lightweight", "on sale", "size 42",
    "size 38", "wide fit", "vegan", "recycled", "breathable", "winter", "summer", "cheap",
    "premium", "with pockets", "slim fit", "organic cotton", "reflective", "insulated",
    "quick dry", "extra large", "small", "medium", "gift", "new collection", "limited edition",
    "outlet", "best rated", "for marathon", "for travel", "for gym", "for hiking", "for beach",
    "for cycling", "unisex", "stretch", "anti slip", "memory foam", "zip", "hooded", "long",
    "short", "classic", "retro", "neon", "pastel", "matte", "glossy"};

  static final int DISTINCT = COLORS.length * PRODUCTS.length * MODIFIERS.length;

  private Queries() {}

  /** All distinct queries; rank 0 is the most frequent. */
  static List<String> distinct() {
    List<String> queries = new ArrayList<>(DISTINCT);
    for (String modifier : MODIFIERS) {
      for (String product : PRODUCTS) {
        for (String color : COLORS) {
          queries.add(color + " " + product + " " + modifier);
        }
      }
    }
    return queries;
  }

  /** {@code length} queries drawn by {@link Zipf} with {@code seed}. */
  static String[] zipf(int length, long seed) {
    Zipf draw = new Zipf(seed);
    String[] drawn = new String[length];
    for (int i = 0; i < length; i++) {
      drawn[i] = draw.next();
    }
    return drawn;
  }

  /** An endless seeded Zipf(1.0) draw over {@link #distinct()}. Not thread-safe. */
  static final class Zipf {
    private final List<String> queries = distinct();
    private final double[] cumulative = new double[DISTINCT];
    private final SplittableRandom random;

    Zipf(long seed) {
      double total = 0;
      for (int rank = 0; rank < DISTINCT; rank++) {
        total += 1.0 / (rank + 1);
        cumulative[rank] = total;
      }
      random = new SplittableRandom(seed);
    }

    String next() {
      double u = random.nextDouble() * cumulative[DISTINCT - 1];
      int rank = java.util.Arrays.binarySearch(cumulative, u);
      return queries.get(rank >= 0 ? rank : Math.min(DISTINCT - 1, -rank - 1));
    }
  }
}
