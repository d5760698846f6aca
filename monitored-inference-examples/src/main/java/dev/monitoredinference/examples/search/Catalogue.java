package dev.monitoredinference.examples.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic shop catalogue: {@code size} products across {@link #CATEGORIES}, each a title
 * built from a brand, a colour, a material and the category's product words, with a price and a
 * popularity. The same seed always gives the same catalogue.
 */
public final class Catalogue {
  /** Category name and the words its products are called by. */
  static final String[][] CATEGORIES = {
    {"running", "running shoes", "road racing flats", "trail running shoes"},
    {"hiking", "hiking boots", "trekking poles", "hiking backpack"},
    {"rainwear", "rain jacket", "waterproof poncho", "rain trousers"},
    {"cycling", "bike helmet", "cycling jersey", "padded cycling shorts"},
    {"swimming", "swim goggles", "swimsuit", "swim cap"},
    {"yoga", "yoga mat", "yoga blocks", "yoga leggings"},
    {"tennis", "tennis racket", "tennis balls", "tennis shoes"},
    {"winter", "ski gloves", "down jacket", "thermal base layer"},
    {"camping", "camping tent", "sleeping bag", "camping stove"},
    {"fitness", "dumbbells", "kettlebell", "resistance bands"},
    {"football", "football boots", "shin guards", "goalkeeper gloves"},
    {"kitchen", "chef knife", "cast iron pan", "espresso maker"},
  };
  private static final String[] BRANDS = {
    "Northpeak", "Stridewell", "Aqualine", "Summitry", "Velocita", "Terrafirm", "Lumen", "Kestrel"};
  private static final String[] COLOURS = {
    "red", "blue", "black", "white", "green", "grey", "orange", "navy", "yellow", "purple"};
  private static final String[] MATERIALS = {
    "lightweight", "recycled", "breathable", "insulated", "waterproof", "organic cotton", "carbon",
    "merino wool"};

  private final List<Product> products;

  private Catalogue(List<Product> products) {
    this.products = List.copyOf(products);
  }

  /**
   * {@code size} products drawn with {@code seed}.
   *
   * @throws IllegalArgumentException if {@code size < CATEGORIES.length}
   */
  public static Catalogue generate(int size, long seed) {
    if (size < CATEGORIES.length) {
      throw new IllegalArgumentException("size must be >= " + CATEGORIES.length + ", but was " + size);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Product> products = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String[] category = CATEGORIES[i % CATEGORIES.length];
      String item = category[1 + random.nextInt(category.length - 1)];
      String title = BRANDS[random.nextInt(BRANDS.length)] + " " + COLOURS[random.nextInt(COLOURS.length)]
          + " " + MATERIALS[random.nextInt(MATERIALS.length)] + " " + item;
      float price = (float) Math.round(Math.exp(2.5 + 2 * random.nextDouble()) * 100) / 100;
      float popularity = (float) random.nextDouble();
      products.add(new Product(i, category[0], title, price, popularity));
    }
    return new Catalogue(products);
  }

  public List<Product> products() {
    return products;
  }

  /** The category names. */
  public static List<String> categories() {
    List<String> names = new ArrayList<>();
    for (String[] category : CATEGORIES) {
      names.add(category[0]);
    }
    return names;
  }

  /** The words products of {@code category} are called by. */
  static List<String> itemsOf(String category) {
    for (String[] entry : CATEGORIES) {
      if (entry[0].equals(category)) {
        return List.of(entry).subList(1, entry.length);
      }
    }
    throw new IllegalArgumentException("no category '" + category + "'");
  }

  /** One product. */
  public record Product(int id, String category, String title, float price, float popularity) {}
}
