package dev.monitoredinference.examples.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's simulated users: what they click, put in the cart and buy among the results of a
 * search, by a relevance the ranker never sees, with position bias. A query is {@code <modifier>
 * <item>} ("red running shoes"): a product whose title ends with the item is relevant (0.15), and
 * more so if it also has the modifier (0.5); anything else barely (0.01). A user looks at
 * position i (0-based) with probability 1/(i+1) and clicks what they look at with its relevance;
 * a click goes to the cart with probability 0.4, and the cart is bought with probability 0.5 (the
 * product's price is the revenue). So click-through and conversion measure the ranking, as in a
 * shop, and a ranker that puts popular but less relevant products first loses clicks.
 */
final class Shoppers {
  /** One shown product, as the search answered it. */
  record Shown(String itemId, String title, double price) {}

  /** What a user did with one product. */
  record Event(String itemId, String type, double value) {}

  private Shoppers() {}

  /** The hidden relevance of a product titled {@code title} to {@code query}. */
  static double relevance(String query, String title) {
    int space = query.indexOf(' ');
    String modifier = query.substring(0, space);
    String item = query.substring(space + 1);
    if (!title.endsWith(item)) {
      return 0.01;
    }
    return title.contains(" " + modifier + " ") ? 0.5 : 0.15;
  }

  /** What one user who searched {@code query} does with {@code shown}, best first. */
  static List<Event> react(String query, List<Shown> shown, SplittableRandom random) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      Shown product = shown.get(i);
      if (random.nextDouble() >= 1.0 / (i + 1)
          || random.nextDouble() >= relevance(query, product.title())) {
        continue;
      }
      events.add(new Event(product.itemId(), "click", 0));
      if (random.nextDouble() < 0.4) {
        events.add(new Event(product.itemId(), "add_to_cart", 0));
        if (random.nextDouble() < 0.5) {
          events.add(new Event(product.itemId(), "purchase", product.price()));
        }
      }
    }
    return events;
  }
}
