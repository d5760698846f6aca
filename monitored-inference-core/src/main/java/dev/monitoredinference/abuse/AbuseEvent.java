package dev.monitoredinference.abuse;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.internal.JsonLine;
import java.time.Instant;

/**
 * A caller was flagged: who (as an opaque {@link CallerId}), for what, after how many of its calls,
 * and the evidence, whose unit depends on the kind: for {@link AbuseKind#FLOODING} the calls in
 * the rate window; for {@link AbuseKind#SUSPECTED_EXTRACTION} the share of new queries in its last
 * 64; for {@link AbuseKind#PROBING} the Shapiro–Wilk W of its query distances (a sweep) or its
 * share of rejected calls, as {@link #evidence()} names. Immutable.
 */
public final class AbuseEvent {
  private final String model;
  private final CallerId caller;
  private final AbuseKind kind;
  private final String evidence;
  private final double observed;
  private final double threshold;
  private final long calls;
  private final Instant time;

  private AbuseEvent(String model, CallerId caller, AbuseKind kind, String evidence, double observed,
      double threshold, long calls, Instant time) {
    this.model = requireNonNull(model, "model");
    this.caller = requireNonNull(caller, "caller");
    this.kind = requireNonNull(kind, "kind");
    this.evidence = requireNonNull(evidence, "evidence");
    this.observed = observed;
    this.threshold = threshold;
    this.calls = calls;
    this.time = requireNonNull(time, "time");
  }

  /** An event with the given fields, e.g. for testing a listener. */
  public static AbuseEvent of(String model, CallerId caller, AbuseKind kind, String evidence,
      double observed, double threshold, long calls, Instant time) {
    return new AbuseEvent(model, caller, kind, evidence, observed, threshold, calls, time);
  }

  /** The model's (or embedder's) name. */
  public String model() {
    return model;
  }

  /** The flagged caller; compare with {@code CallerId.of(id)} to act on it. */
  public CallerId caller() {
    return caller;
  }

  public AbuseKind kind() {
    return kind;
  }

  /**
   * Which measurement fired: {@code rate}, {@code novelty}, {@code distance_normality} or {@code
   * rejected_share}.
   */
  public String evidence() {
    return evidence;
  }

  /** The measured value that crossed {@link #threshold()}. */
  public double observed() {
    return observed;
  }

  public double threshold() {
    return threshold;
  }

  /** The caller's calls seen when it was flagged (since it was last idle long enough to be forgotten). */
  public long calls() {
    return calls;
  }

  public Instant time() {
    return time;
  }

  /**
   * The event as the one JSON line the detector logs: {@code event}, {@code model}, {@code caller}
   * (the 8-hex-digit hash prefix, never the id), {@code kind}, {@code evidence}, {@code observed},
   * {@code threshold}, {@code calls}, {@code time}.
   */
  public String toJson() {
    return JsonLine.event("monitored.inference.abuse")
        .string("model", model)
        .string("caller", caller.hashPrefix())
        .string("kind", kind.tagValue())
        .string("evidence", evidence)
        .number("observed", observed)
        .number("threshold", threshold)
        .number("calls", calls)
        .string("time", time.toString())
        .toString();
  }

  @Override
  public String toString() {
    return "AbuseEvent[" + model + " caller " + caller.hashPrefix() + " " + kind.tagValue() + " "
        + evidence + " " + observed + " (threshold " + threshold + ") after " + calls + " calls]";
  }
}
