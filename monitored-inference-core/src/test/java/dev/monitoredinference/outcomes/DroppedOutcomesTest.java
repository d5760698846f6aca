package dev.monitoredinference.outcomes;

import static dev.monitoredinference.outcomes.Served.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Prediction;
import dev.monitoredinference.Variant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outcomes that cannot be credited are counted by reason and dropped; nothing is thrown. */
class DroppedOutcomesTest {
  private final Served.FakeTicker ticker = new Served.FakeTicker();
  private final OutcomeTracker tracker = OutcomeTracker.create(OutcomeConfig.ofDefaults()
      .attributionWindow(Duration.ofMinutes(30)).ticker(ticker::get));

  @Test
  void anUnknownId_isCountedAndDropped() {
    tracker.served(prediction("7"), List.of("a"));

    tracker.record("not-an-id", "a", Outcome.CLICK);
    tracker.record("0123456789ab-1f", "a", Outcome.CLICK); // well formed, another process's

    assertThat(tracker.dropped(OutcomeDrop.UNKNOWN)).isEqualTo(2);
    assertThat(tracker.totals("7", Variant.CONTROL).engagedSearches()).isZero();
  }

  @Test
  void anOutcomeAfterTheAttributionWindow_isCountedExpired() {
    Prediction p = prediction("7");
    tracker.served(p, List.of("a"));
    ticker.advance(Duration.ofMinutes(30).plusNanos(1));

    tracker.record(p.id(), "a", Outcome.CLICK);

    assertThat(tracker.dropped(OutcomeDrop.EXPIRED)).isEqualTo(1);
    assertThat(tracker.dropped(OutcomeDrop.UNKNOWN)).isZero();
    assertThat(tracker.totals("7", Variant.CONTROL).engagedSearches()).isZero();
  }

  @Test
  void aRepeatedOutcome_isCountedDuplicate_andCreditedOnce() {
    Prediction p = prediction("7");
    tracker.served(p, List.of("a", "b"));

    tracker.record(p.id(), "a", Outcome.PURCHASE, 10);
    tracker.record(p.id(), "a", Outcome.PURCHASE, 10);
    tracker.record(p.id(), "b", Outcome.PURCHASE, 5);

    QualityFigures figures = tracker.totals("7", Variant.CONTROL);
    assertThat(tracker.dropped(OutcomeDrop.DUPLICATE)).isEqualTo(1);
    assertThat(figures.revenue()).isEqualTo(15.0);
    assertThat(figures.conversions()).isEqualTo(1);
  }

  @Test
  void servingTheSamePredictionTwice_countsOneSearch() {
    Prediction p = prediction("7");
    tracker.served(p, List.of("a"));
    tracker.served(p, List.of("b"));

    assertThat(tracker.dropped(OutcomeDrop.SERVED_TWICE)).isEqualTo(1);
    assertThat(tracker.totals("7", Variant.CONTROL).searches()).isEqualTo(1);
  }

  @Test
  void listsPushedOutByTheSizeCap_areSettled_andTheirLaterOutcomesCountedEvicted() {
    OutcomeTracker capped = OutcomeTracker.create(OutcomeConfig.ofDefaults().maxServedLists(10)
        .ticker(ticker::get));
    Prediction[] served = new Prediction[1000];
    for (int i = 0; i < served.length; i++) {
      served[i] = prediction("7");
      capped.served(served[i], List.of("a"));
    }
    long held = capped.servedListsHeld();

    for (Prediction p : served) {
      capped.record(p.id(), "a", Outcome.CLICK);
    }

    QualityFigures figures = capped.totals("7", Variant.CONTROL);
    assertThat(held).isEqualTo(10);
    assertThat(figures.settledSearches()).isEqualTo(990);
    assertThat(capped.dropped(OutcomeDrop.EVICTED)).isEqualTo(990);
    assertThat(figures.engagedSearches()).isEqualTo(10);
    assertThat(capped.dropped(OutcomeDrop.UNKNOWN)).isZero();
  }

  @Test
  void atTheCap_theOldestListsLeave_andEveryNewerOneIsHeld() {
    OutcomeTracker capped = OutcomeTracker.create(OutcomeConfig.ofDefaults().maxServedLists(1000)
        .ticker(ticker::get));
    Prediction[] served = new Prediction[3000];
    for (int i = 0; i < served.length; i++) {
      served[i] = prediction("7");
      capped.served(served[i], List.of("a", "b"));
    }

    for (int i = 2000; i < 3000; i++) {
      capped.record(served[i].id(), "b", Outcome.CLICK);
    }
    capped.record(served[1999].id(), "b", Outcome.CLICK);

    assertThat(capped.totals("7", Variant.CONTROL).engagedSearches()).isEqualTo(1000);
    assertThat(capped.dropped(OutcomeDrop.EVICTED)).isEqualTo(1);
    assertThat(capped.servedListsHeld()).isEqualTo(1000);
  }

  @Test
  void listsServedAfterOthersExpired_areAllHeld_asTheTableGrows() {
    Prediction[] first = new Prediction[1000];
    for (int i = 0; i < first.length; i++) {
      first[i] = prediction("7");
      tracker.served(first[i], List.of("a"));
    }
    ticker.advance(Duration.ofMinutes(31));
    Prediction[] second = new Prediction[1500]; // wraps round the first slots, then grows them
    for (int i = 0; i < second.length; i++) {
      second[i] = prediction("7");
      tracker.served(second[i], List.of("a"));
    }

    for (Prediction p : second) {
      tracker.record(p.id(), "a", Outcome.PURCHASE, 2.5);
    }
    for (Prediction p : first) {
      tracker.record(p.id(), "a", Outcome.CLICK);
    }

    QualityFigures figures = tracker.totals("7", Variant.CONTROL);
    assertThat(figures.conversions()).isEqualTo(1500);
    assertThat(figures.revenue()).isEqualTo(3750.0);
    assertThat(tracker.dropped(OutcomeDrop.EXPIRED)).isEqualTo(1000);
    assertThat(tracker.servedListsHeld()).isEqualTo(1500);
  }

  @Test
  void aDisabledTracker_keepsNothing() {
    OutcomeTracker disabled = OutcomeTracker.disabled();
    Prediction p = prediction("7");
    disabled.served(p, List.of("a"));
    disabled.record(p.id(), "a", Outcome.CLICK);

    assertThat(disabled.report().totals()).isEmpty();
    assertThat(disabled.dropped(OutcomeDrop.UNKNOWN)).isZero();
  }
}
