package dev.monitoredinference.outcomes;

/**
 * What a user did with a shown item, graded for NDCG: the gain of an item is {@code 2^grade - 1}
 * for the highest outcome recorded for it (click 1, add to cart 3, purchase 7). Every outcome
 * counts as engagement for CTR: an item put in the cart was clicked.
 */
public enum Outcome {
  /** The user opened the item. */
  CLICK(1, "click"),
  /** The user put the item in the cart. */
  ADD_TO_CART(2, "add_to_cart"),
  /** The user bought the item; its value is revenue. */
  PURCHASE(3, "purchase");

  private final int grade;
  private final String tagValue;

  Outcome(int grade, String tagValue) {
    this.grade = grade;
    this.tagValue = tagValue;
  }

  /** The relevance grade NDCG uses: 1, 2 or 3. */
  public int grade() {
    return grade;
  }

  /** The lower-case name, e.g. {@code add_to_cart}. */
  public String tagValue() {
    return tagValue;
  }
}
