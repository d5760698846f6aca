package dev.monitoredinference;

/**
 * Which arm of a model's traffic answered a call: the serving version, or a canary's candidate.
 * Read from {@link Prediction#variant()}; outcome figures are kept per version and variant.
 *
 * <p>There is no shadow variant: a shadow's answers are computed off the callers' path and
 * discarded, so no caller is ever handed one, and no outcome can join to it. During a shadow trial
 * every answer a caller gets is {@link #CONTROL}.
 */
public enum Variant {
  /** Answered by the serving version: with or without a trial running. */
  CONTROL("control"),
  /** Answered by the candidate of a running canary ({@code ModelDeployer.canary}). */
  CANARY("canary");

  private final String tagValue;

  Variant(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The value of the {@code variant} tag. */
  public String tagValue() {
    return tagValue;
  }
}
