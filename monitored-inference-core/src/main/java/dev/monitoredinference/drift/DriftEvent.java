package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.JsonLine;
import java.time.Instant;

/**
 * A feature crossed its drift threshold: it started drifting ({@link State#FIRING}) or, after
 * staying below 75 % of the threshold for a window, stopped ({@link State#RESOLVED}). Immutable.
 */
public final class DriftEvent {
  /** Whether the event starts or ends a drift. */
  public enum State {
    FIRING,
    RESOLVED
  }

  private final String model;
  private final String version;
  private final String feature;
  private final State state;
  private final DriftMethod method;
  private final double score;
  private final double threshold;
  private final long windowSamples;
  private final Instant windowEnd;

  private DriftEvent(String model, String version, String feature, State state,
      DriftMethod method, double score, double threshold, long windowSamples, Instant windowEnd) {
    this.model = requireNonNull(model, "model");
    this.version = requireNonNull(version, "version");
    this.feature = requireNonNull(feature, "feature");
    this.state = requireNonNull(state, "state");
    this.method = requireNonNull(method, "method");
    this.score = score;
    this.threshold = threshold;
    this.windowSamples = windowSamples;
    this.windowEnd = requireNonNull(windowEnd, "windowEnd");
  }

  /** An event with the given fields, e.g. for testing a listener. */
  public static DriftEvent of(String model, String version, String feature, State state,
      DriftMethod method, double score, double threshold, long windowSamples, Instant windowEnd) {
    return new DriftEvent(model, version, feature, state, method, score, threshold, windowSamples,
        windowEnd);
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The version whose window was scored. */
  public String version() {
    return version;
  }

  /** The feature's name. */
  public String feature() {
    return feature;
  }

  /** Started or stopped drifting. */
  public State state() {
    return state;
  }

  /** The deciding method. */
  public DriftMethod method() {
    return method;
  }

  /** Its score in the window. */
  public double score() {
    return score;
  }

  /** The threshold it was judged against. */
  public double threshold() {
    return threshold;
  }

  /** Rows in the window. */
  public long windowSamples() {
    return windowSamples;
  }

  /** When the window ended. */
  public Instant windowEnd() {
    return windowEnd;
  }

  /**
   * The event as the one JSON line the monitor logs: {@code event} ({@code
   * "monitored.inference.drift"}), {@code model}, {@code model.version}, {@code feature}, {@code
   * state}, {@code method}, {@code score}, {@code threshold}, {@code samples}, {@code window_end};
   * a non-finite number is {@code null}.
   */
  public String toJson() {
    return JsonLine.event("monitored.inference.drift")
        .string("model", model)
        .string("model.version", version)
        .string("feature", feature)
        .string("state", state.name())
        .string("method", method.tagValue())
        .number("score", score)
        .number("threshold", threshold)
        .number("samples", windowSamples)
        .string("window_end", windowEnd.toString())
        .toString();
  }

  @Override
  public String toString() {
    return "DriftEvent[" + state + " " + model + " " + version + " " + feature + " "
        + method.tagValue() + " " + score + " vs " + threshold + " at " + windowEnd + "]";
  }
}
