package dev.monitoredinference;

/**
 * Whether a call was answered from a cache: the {@code cache.result} tag of {@code
 * monitored.inference.request.duration} and an attribute of its span.
 */
public enum CacheResult {
  /** No cache took part: caching is off, the operation has none, or the call failed first. */
  NONE("none"),
  /** Every answer came from the cache; the model did not run. */
  HIT("hit"),
  /** At least one answer was computed by the model. */
  MISS("miss");

  private final String tagValue;

  CacheResult(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The lower-case name, e.g. {@code "hit"}. */
  public String tagValue() {
    return tagValue;
  }
}
