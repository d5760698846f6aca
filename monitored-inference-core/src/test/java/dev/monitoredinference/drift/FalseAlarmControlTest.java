package dev.monitoredinference.drift;

import static dev.monitoredinference.drift.DriftData.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The false-alarm level α bounds the chance of any drift event across all features and all looks
 * of a day, whatever k; a single shifted feature is still found. Seeded, deterministic trials of
 * the default configuration (5-minute windows of 5 one-minute sub-windows, a 10,000-row
 * baseline, the injectable ticker), 20 N(0, 1) features, 2,000 rows a minute.
 */
class FalseAlarmControlTest {
  private static final int FEATURES = 20;
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void stationaryTrials_atK4096_alarmInAtMostOnePercent_over20FeaturesAnd5Looks() {
    int alarmed = 0;
    int trials = 150;
    for (int trial = 0; trial < trials; trial++) {
      List<DriftEvent> events = fiveMinutes(new Random(2000 + trial), 4096, -1);
      alarmed += events.isEmpty() ? 0 : 1;
    }
    assertThat(alarmed).as("trials with a false alarm, of " + trials).isLessThanOrEqualTo(1);
  }

  @Test
  void aQuarterSigmaShiftInOneOf20Features_isFlaggedWithin5Looks_inAtLeast95PercentOfTrials() {
    int[] flagged = new int[2];
    int[] others = new int[2];
    int[] ks = {200, 4096};
    int trials = 30;
    for (int trial = 0; trial < trials; trial++) {
      for (int i = 0; i < ks.length; i++) {
        List<DriftEvent> events = fiveMinutes(new Random(3000 + trial), ks[i], 7);
        flagged[i] += events.stream().anyMatch(e -> e.feature().equals("f7")) ? 1 : 0;
        others[i] += (int) events.stream().filter(e -> !e.feature().equals("f7")).count();
      }
    }
    assertThat(flagged[0]).as("trials flagged at k 200, of " + trials).isGreaterThanOrEqualTo(29);
    assertThat(flagged[1]).as("trials flagged at k 4096, of " + trials).isGreaterThanOrEqualTo(29);
    assertThat(others).containsExactly(0, 0);
  }

  /**
   * At a level high enough to measure (α = 0.2, row windows, exact sketches), the share of
   * stationary trials with any alarm over 5 features and 10 looks stays at most α.
   */
  @Test
  void familyWiseRate_atAMeasurableLevel_staysAtMostAlpha() {
    int trials = 400;
    int alarmed = 0;
    for (int trial = 0; trial < trials; trial++) {
      Random random = new Random(4000 + trial);
      List<DriftEvent> events = new ArrayList<>();
      DriftEngine engine = new DriftEngine("ranker", DriftData.countWindows(1_000, 500)
          .features("features", DriftData.columns(5)).k(4096).alpha(0.2).build(),
          List.of(events::add));
      DriftData.feed(engine, V1, DriftData.gaussianRows(random, 1_000, 5, -1, 0), 5, 0);
      for (int look = 0; look < 10; look++) {
        DriftData.feed(engine, V1, DriftData.gaussianRows(random, 500, 5, -1, 0), 5, 0);
      }
      alarmed += events.isEmpty() ? 0 : 1;
    }
    // α plus three binomial standard errors: 0.2 + 3·√(0.2·0.8/400) = 0.26
    assertThat((double) alarmed / trials).isLessThanOrEqualTo(0.26);
  }

  @Test
  void theBudget_spendsAtMostAlphaOverADaysLooks_withTimeOrRowWindows() {
    FalseAlarmBudget time = new FalseAlarmBudget(0.01, 20, MINUTE);
    FalseAlarmBudget rows = new FalseAlarmBudget(0.01, 20, 0);
    double timeSpent = 0;
    double rowsSpent = 0;
    for (long look = 1; look <= 1440; look++) {
      timeSpent += 20 * time.level(look);
      rowsSpent += 20 * rows.level(look);
    }
    assertThat(timeSpent).isCloseTo(0.01, within(1e-12));
    assertThat(time.level(1)).isEqualTo(0.01 / (20 * 1440));
    assertThat(rowsSpent).isLessThan(0.01);
    assertThat(rows.level(1)).isEqualTo(0.01 / (20 * 2));
    assertThat(FalseAlarmBudget.day(FalseAlarmBudget.DAY_NANOS - 1, 0)).isZero();
    assertThat(FalseAlarmBudget.day(FalseAlarmBudget.DAY_NANOS, 0)).isEqualTo(1);
  }

  /** Baseline, then five minutes of 2,000 rows each, feature {@code shifted} moved by 0.25σ. */
  private static List<DriftEvent> fiveMinutes(Random random, int k, int shifted) {
    List<DriftEvent> events = new ArrayList<>();
    DriftEngine engine = new DriftEngine("ranker", DriftConfig.builder()
        .features("features", DriftData.columns(FEATURES)).k(k).ticker(() -> 0L).build(),
        List.of(events::add));
    DriftData.feed(engine, V1, DriftData.gaussianRows(random, 10_000, FEATURES, -1, 0), FEATURES,
        0);
    for (int minute = 0; minute < 5; minute++) {
      DriftData.feed(engine, V1, DriftData.gaussianRows(random, 2_000, FEATURES, shifted, 0.25),
          FEATURES, minute * MINUTE + 1);
    }
    engine.tick(5 * MINUTE + 1);
    assertThat(engine.report().windowSamples()).isEqualTo(10_000);
    return events;
  }
}
