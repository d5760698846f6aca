package dev.monitoredinference.outcomes;

import dev.monitoredinference.Variant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an {@link OutcomeTracker} knows at one moment: per version and variant, the figures of the
 * sliding window and since the tracker started; the calls it dropped, by reason; the served lists
 * it holds. Immutable.
 *
 * <pre>{@code
 * OutcomeReport report = model.outcomes().report();
 * report.window("8", Variant.CANARY).ifPresent(f -> System.out.printf("CTR@10 %.3f NDCG@10 %.3f%n",
 *     f.ctr(), f.ndcg()));
 * }</pre>
 */
public final class OutcomeReport {
  private final List<QualityFigures> window;
  private final List<QualityFigures> totals;
  private final Map<OutcomeDrop, Long> dropped;
  private final long servedListsHeld;

  OutcomeReport(List<QualityFigures> window, List<QualityFigures> totals,
      Map<OutcomeDrop, Long> dropped, long servedListsHeld) {
    this.window = List.copyOf(window);
    this.totals = List.copyOf(totals);
    this.dropped = new EnumMap<>(dropped);
    this.servedListsHeld = servedListsHeld;
  }

  /** The sliding window's figures, one per version and variant that has served. */
  public List<QualityFigures> window() {
    return window;
  }

  /** The figures since the tracker started, one per version and variant that has served. */
  public List<QualityFigures> totals() {
    return totals;
  }

  /** The sliding window's figures of {@code version} and {@code variant}, if it has served. */
  public Optional<QualityFigures> window(String version, Variant variant) {
    return find(window, version, variant);
  }

  /** The figures since the start of {@code version} and {@code variant}, if it has served. */
  public Optional<QualityFigures> totals(String version, Variant variant) {
    return find(totals, version, variant);
  }

  /** The calls dropped for {@code reason} since the tracker started. */
  public long dropped(OutcomeDrop reason) {
    return dropped.getOrDefault(reason, 0L);
  }

  /** The served lists held: never more than {@link OutcomeConfig#maxServedLists()}. */
  public long servedListsHeld() {
    return servedListsHeld;
  }

  private static Optional<QualityFigures> find(List<QualityFigures> figures, String version,
      Variant variant) {
    return figures.stream()
        .filter(f -> f.version().equals(version) && f.variant() == variant)
        .findFirst();
  }

  @Override
  public String toString() {
    return "OutcomeReport[window=" + window + ", dropped=" + dropped + ", servedListsHeld="
        + servedListsHeld + "]";
  }
}
