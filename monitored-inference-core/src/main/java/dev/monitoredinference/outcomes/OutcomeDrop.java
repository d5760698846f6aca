package dev.monitoredinference.outcomes;

/**
 * Why the tracker counted and dropped a call instead of crediting it: the {@code reason} tag of
 * {@code monitored.inference.outcome.dropped}. Nothing here is ever thrown.
 */
public enum OutcomeDrop {
  /** No served list under the prediction id: never served here, or a malformed id. */
  UNKNOWN("unknown"),
  /**
   * The outcome came after its search's attribution window: the list was held and has expired
   * (a late outcome). Told apart from {@link #UNKNOWN} by the id's counter, see the guide.
   */
  EXPIRED("expired"),
  /** The size cap pushed the served list out before its attribution window closed. */
  EVICTED("evicted"),
  /** The same outcome for the same item of the same search was recorded already. */
  DUPLICATE("duplicate"),
  /** The item is not among the top k items served for that prediction. */
  NOT_IN_TOP_K("not_in_top_k"),
  /** {@code served} was called again for a prediction whose list is held. */
  SERVED_TWICE("served_twice");

  private final String tagValue;

  OutcomeDrop(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The {@code reason} tag value. */
  public String tagValue() {
    return tagValue;
  }
}
