package dev.monitoredinference;

/**
 * How much a call matters when the model is overloaded: with an admission batch lane ({@code
 * AdmissionConfig.batchLane}), {@link #BATCH} calls share a bounded part of the concurrency
 * limit, so they are refused or queued first and never take the slots kept for {@link
 * #INTERACTIVE} ones. Without a batch lane both are admitted alike.
 *
 * <pre>{@code
 * Prediction p = ranker.predict(inputs, Priority.BATCH);   // e.g. re-indexing the catalogue
 * }</pre>
 */
public enum Priority {
  /** A caller is waiting: search, recommendations. The default. */
  INTERACTIVE("interactive"),
  /** Nobody waits on this one call: re-indexing, backfills, offline scoring. */
  BATCH("batch");

  private final String tagValue;

  Priority(String tagValue) {
    this.tagValue = tagValue;
  }

  public String tagValue() {
    return tagValue;
  }
}
