package dev.monitoredinference.abuse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded e-commerce query log like the search demo's: 2,000 distinct catalogue queries built
 * from colours, brands, products and attributes, each with the 8 ranker features of its product
 * (20 product families, each a cluster in feature space), drawn by Zipf popularity (s = 1).
 */
final class QueryLog {
  static final int SIZE = 2_000;
  static final int FEATURES = 8;

  private static final String[] COLOURS = {"red", "blue", "black", "white", "green", "grey", "navy",
      "pink", "beige", "brown", "yellow", "purple"};
  private static final String[] BRANDS = {"nike", "adidas", "puma", "asics", "levis", "zara", "uniqlo",
      "sony", "samsung", "apple", "bosch", "ikea", "lego", "philips", "canon", "dyson", "garmin", "hp",
      "lenovo", "braun"};
  private static final String[] PRODUCTS = {"running shoes", "sneakers", "jeans", "t shirt", "hoodie",
      "jacket", "dress", "backpack", "headphones", "earbuds", "phone case", "laptop", "monitor",
      "keyboard", "mouse", "coffee maker", "kettle", "vacuum", "blender", "toaster", "desk lamp",
      "office chair", "sofa", "bed frame", "pillow", "duvet", "towel", "watch", "smartwatch", "camera",
      "tripod", "lego set", "board game", "yoga mat", "dumbbells", "bike helmet", "tent",
      "sleeping bag", "water bottle", "sunglasses"};
  private static final String[] ATTRIBUTES = {"", "", "", "for men", "for women", "for kids", "size 10",
      "waterproof", "wireless", "cheap", "sale", "xl", "leather", "cotton", "2024", "pro", "mini",
      "with usb c", "noise cancelling", "ergonomic"};

  final String[] texts = new String[SIZE];
  final float[][] features = new float[SIZE][];
  private final double[] cumulative = new double[SIZE];

  QueryLog(long seed) {
    Random random = new Random(seed);
    float[][] families = new float[20][FEATURES];
    for (float[] family : families) {
      for (int j = 0; j < FEATURES; j++) {
        family[j] = random.nextFloat() * 2 - 1;
      }
    }
    Set<String> distinct = new LinkedHashSet<>();
    List<Integer> productOf = new ArrayList<>();
    while (distinct.size() < SIZE) {
      int product = random.nextInt(PRODUCTS.length);
      String text = (random.nextBoolean() ? COLOURS[random.nextInt(COLOURS.length)] + " " : "")
          + (random.nextInt(3) > 0 ? BRANDS[random.nextInt(BRANDS.length)] + " " : "")
          + PRODUCTS[product] + " " + ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
      if (distinct.add(text.trim())) {
        productOf.add(product);
      }
    }
    int i = 0;
    for (String text : distinct) {
      texts[i] = text;
      float[] family = families[productOf.get(i) % families.length];
      float[] row = new float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        row[j] = (float) (family[j] + random.nextGaussian() * 0.15);
      }
      features[i] = row;
      i++;
    }
    double sum = 0;
    for (int k = 0; k < SIZE; k++) {
      sum += 1.0 / (k + 1);
      cumulative[k] = sum;
    }
    for (int k = 0; k < SIZE; k++) {
      cumulative[k] /= sum;
    }
  }

  /** A query index drawn by Zipf popularity. */
  int draw(Random random) {
    int index = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(SIZE - 1, index >= 0 ? index : -index - 1);
  }
}
