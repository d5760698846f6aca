package dev.monitoredinference.outcomes;

import static dev.monitoredinference.outcomes.Served.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.Prediction;
import dev.monitoredinference.Variant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CTR, conversion, revenue, MRR and NDCG of three searches, against values computed by hand. */
class RankingFiguresTest {
  private static final List<String> SHOWN = List.of("a", "b", "c", "d", "e");

  private final Served.FakeTicker ticker = new Served.FakeTicker();
  private final OutcomeTracker tracker = OutcomeTracker.create(OutcomeConfig.ofDefaults()
      .attributionWindow(Duration.ofMinutes(30)).window(Duration.ofHours(2), 4).ticker(ticker::get));

  /**
   * Search 1: purchase of a (position 1, grade 3) and click on c (position 3, grade 1). DCG = 7/1 +
   * 1/log2(4) = 7.5; ideal = 7/1 + 1/log2(3) = 7.6309; NDCG = 0.98284; RR = 1. Search 2: click on b
   * (position 2): NDCG = (1/log2(3)) / 1 = 0.63093; RR = 1/2. Search 3: nothing; RR = 0, no NDCG.
   */
  @Test
  void threeSearches_giveTheHandComputedFigures_onceSettled() {
    Prediction first = serve();
    Prediction second = serve();
    serve();
    tracker.record(first.id(), "a", Outcome.CLICK);
    tracker.record(first.id(), "a", Outcome.PURCHASE, 40.0);
    tracker.record(first.id(), "c", Outcome.CLICK);
    tracker.record(second.id(), "b", Outcome.CLICK);

    QualityFigures before = tracker.report().window("7", Variant.CONTROL).orElseThrow();
    assertThat(before.searches()).isEqualTo(3);
    assertThat(before.ctr()).isEqualTo(2.0 / 3);
    assertThat(before.conversionRate()).isEqualTo(1.0 / 3);
    assertThat(before.revenuePerSearch()).isEqualTo(40.0 / 3);
    assertThat(before.settledSearches()).isZero();
    assertThat(before.mrr()).isNaN();

    ticker.advance(Duration.ofMinutes(31));
    QualityFigures after = tracker.report().window("7", Variant.CONTROL).orElseThrow();

    assertThat(after.settledSearches()).isEqualTo(3);
    assertThat(after.settledEngagedSearches()).isEqualTo(2);
    assertThat(after.mrr()).isCloseTo((1 + 0.5 + 0) / 3, within(1e-12));
    assertThat(after.ndcg()).isCloseTo((0.9828422279067397 + 0.6309297535714575) / 2, within(1e-12));
    assertThat(after.ctr()).isEqualTo(2.0 / 3);
    assertThat(tracker.servedListsHeld()).isZero();
  }

  @Test
  void onlyTheTopK_isKept_andCreditsOfItemsBelowItAreDropped() {
    OutcomeTracker top2 = OutcomeTracker.create(OutcomeConfig.ofDefaults().topK(2).ticker(ticker::get));
    Prediction p = prediction("7");
    top2.served(p, SHOWN);

    top2.record(p.id(), "c", Outcome.CLICK);

    assertThat(top2.dropped(OutcomeDrop.NOT_IN_TOP_K)).isEqualTo(1);
    assertThat(top2.totals("7", Variant.CONTROL).engagedSearches()).isZero();
  }

  @Test
  void calibration_comparesTheClicksTheScoresPromisedWithThoseMade() {
    Prediction first = prediction("7");
    Prediction second = prediction("7");
    tracker.served(first, List.of("a", "b", "c"), new double[] {0.5, 0.3, 0.2});
    tracker.served(second, List.of("a", "b", "c"), new double[] {0.6, 0.3, 0.1});
    tracker.record(first.id(), "b", Outcome.CLICK);
    tracker.record(first.id(), "b", Outcome.PURCHASE, 10); // the same item: still one click

    QualityFigures figures = tracker.totals("7", Variant.CONTROL);

    assertThat(figures.expectedClicksPerSearch()).isCloseTo(1.0, within(1e-12));
    assertThat(figures.observedClicks()).isEqualTo(1);
    assertThat(figures.calibrationRatio()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void theSlidingWindow_forgetsOldSlices_whileTheTotalsKeepThem() {
    serve();
    ticker.advance(Duration.ofMinutes(90));
    serve();
    assertThat(tracker.window("7", Variant.CONTROL).searches()).isEqualTo(2);

    ticker.advance(Duration.ofMinutes(60)); // the first search's slice has left the 2 h window

    assertThat(tracker.window("7", Variant.CONTROL).searches()).isEqualTo(1);
    assertThat(tracker.totals("7", Variant.CONTROL).searches()).isEqualTo(2);
  }

  @Test
  void figures_addUpAcrossReplicas() {
    Prediction p = serve();
    tracker.record(p.id(), "a", Outcome.CLICK);
    QualityFigures one = tracker.totals("7", Variant.CONTROL);

    QualityFigures both = one.plus(one);

    assertThat(both.searches()).isEqualTo(2);
    assertThat(both.ctr()).isEqualTo(1.0);
    assertThat(both.minus(one).searches()).isEqualTo(1);
  }

  private Prediction serve() {
    Prediction p = prediction("7");
    tracker.served(p, SHOWN);
    return p;
  }
}
