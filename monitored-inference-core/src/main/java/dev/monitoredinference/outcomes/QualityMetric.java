package dev.monitoredinference.outcomes;

/** A share of searches that a {@link QualityVerdict} compares between two versions. */
public enum QualityMetric {
  /** CTR@k: the share of searches with an outcome of any kind on one of their top k items. */
  CTR("ctr"),
  /** Conversion rate: the share of searches with a purchase of one of their top k items. */
  CONVERSION("conversion");

  private final String tagValue;

  QualityMetric(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The lower-case name used in audit reasons. */
  public String tagValue() {
    return tagValue;
  }
}
