package dev.monitoredinference.abuse;

/** What a caller is flagged for; the values are the {@code kind} tag of the detections counter. */
public enum AbuseKind {
  /**
   * Nearly every query new to the caller, as a model-extraction attack needs: in the caller's last
   * 64 queries at most {@code 1 - AbuseConfig.extractionNovelty} repeat one of its recent ones.
   */
  SUSPECTED_EXTRACTION("suspected_extraction"),
  /**
   * Systematic exploration: the distances between the caller's queries are too regular for a
   * person (a grid sweep; PRADA's Shapiro–Wilk test), or too many of its calls are rejected as
   * invalid.
   */
  PROBING("probing"),
  /** More calls in the rate window than {@code AbuseConfig.floodCalls}. */
  FLOODING("flooding");

  private final String tagValue;

  AbuseKind(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The tag and log value, e.g. {@code "suspected_extraction"}. */
  public String tagValue() {
    return tagValue;
  }
}
