package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where a baseline came from: captured or loaded, for which model digest and version, from how
 * many rows, when it was frozen, and whether it is pinned. Immutable.
 */
public final class BaselineProvenance {
  /** How the baseline was made. */
  public enum Source {
    CAPTURED,
    LOADED
  }

  private final Source source;
  private final String modelDigest;
  private final String modelVersion;
  private final long samples;
  private final Instant frozenAt;
  private final boolean pinned;

  BaselineProvenance(Source source, String modelDigest, String modelVersion, long samples,
      Instant frozenAt, boolean pinned) {
    this.source = requireNonNull(source, "source");
    this.modelDigest = requireNonNull(modelDigest, "modelDigest");
    this.modelVersion = requireNonNull(modelVersion, "modelVersion");
    this.samples = samples;
    this.frozenAt = requireNonNull(frozenAt, "frozenAt");
    this.pinned = pinned;
  }

  BaselineProvenance as(Source newSource, boolean newPinned) {
    return new BaselineProvenance(newSource, modelDigest, modelVersion, samples, frozenAt,
        newPinned);
  }

  /** Captured in this process, or loaded from bytes. */
  public Source source() {
    return source;
  }

  /** The digest of the model version whose calls made the baseline. */
  public String modelDigest() {
    return modelDigest;
  }

  /** The version label whose calls made the baseline. */
  public String modelVersion() {
    return modelVersion;
  }

  /** The rows in the baseline. */
  public long samples() {
    return samples;
  }

  /** When capture ended. */
  public Instant frozenAt() {
    return frozenAt;
  }

  /** Whether it serves later versions too. */
  public boolean pinned() {
    return pinned;
  }

  @Override
  public String toString() {
    return source + " from " + samples + " rows of version " + modelVersion + " ("
        + modelDigest + ") at " + frozenAt + (pinned ? ", pinned" : "");
  }
}
