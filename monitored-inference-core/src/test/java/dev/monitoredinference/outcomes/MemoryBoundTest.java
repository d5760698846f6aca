package dev.monitoredinference.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Fakes;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Variant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ten million served lists through a table capped at 100,000: what is kept never exceeds the cap,
 * every list that left was settled (so nothing else holds it), and once the attribution window has
 * passed nothing is kept at all. Time moves 1 µs per search (10 s in all, under the window).
 */
class MemoryBoundTest {
  private static final int SEARCHES = 10_000_000;
  private static final int CAP = 100_000;

  @Test
  void tenMillionServedLists_keepAtMostTheCap() {
    Served.FakeTicker ticker = new Served.FakeTicker();
    OutcomeTracker tracker = OutcomeTracker.create(OutcomeConfig.ofDefaults().maxServedLists(CAP)
        .attributionWindow(Duration.ofMinutes(30)).ticker(ticker::get));
    ModelVersion version = ModelVersion.builder("ranker", "7").digest(Fakes.RANKER_V7.digest()).build();
    List<String> shown = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    long mostHeld = 0;

    for (int i = 0; i < SEARCHES; i++) {
      tracker.served(Prediction.builder(version).build(), shown);
      ticker.advance(Duration.ofNanos(1000));
      if (i % 1_000_000 == 999_999) {
        mostHeld = Math.max(mostHeld, tracker.servedListsHeld());
      }
    }
    QualityFigures figures = tracker.totals("7", Variant.CONTROL);

    assertThat(mostHeld).isLessThanOrEqualTo(CAP);
    assertThat(figures.searches()).isEqualTo(SEARCHES);
    assertThat(figures.settledSearches()).isEqualTo(SEARCHES - tracker.servedListsHeld());
    ticker.advance(Duration.ofMinutes(31));
    assertThat(tracker.servedListsHeld()).isZero();
    assertThat(tracker.totals("7", Variant.CONTROL).settledSearches()).isEqualTo(SEARCHES);
  }
}
