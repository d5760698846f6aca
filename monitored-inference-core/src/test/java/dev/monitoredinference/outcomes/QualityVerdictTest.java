package dev.monitoredinference.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.Variant;
import org.junit.jupiter.api.Test;

/**
 * The sequential test on seeded simulated users, asked after every 100 searches per arm (20,000
 * searches at a canary share of 50 %: 10,000 per arm, the demo's traffic), acting on the first
 * verdict that decides, at α = 0.05 with the default spread 0.02 and 500 minimum searches.
 */
class QualityVerdictTest {
  private static final int TRIALS = 200;
  private static final int PER_ARM = 10_000;
  private static final int LOOK_EVERY = 100;
  private static final double ALPHA = 0.05;
  private static final OutcomeConfig CONFIG = OutcomeConfig.ofDefaults();

  @Test
  void aaTraffic_isFalselyCalledWorse_inAtMost5PercentOfTrials() {
    int worse = 0;
    int better = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      QualityVerdict.Result result = firstDecision(SimulatedUsers.ofControl(2 * trial),
          SimulatedUsers.ofControl(2 * trial + 1));
      worse += result == QualityVerdict.Result.WORSE ? 1 : 0;
      better += result == QualityVerdict.Result.BETTER ? 1 : 0;
    }
    System.out.printf("A/A: false worse %d/%d, false better %d/%d%n", worse, TRIALS, better, TRIALS);
    assertThat(worse).isLessThanOrEqualTo(TRIALS / 20);
    assertThat(worse).isEqualTo(2); // seeded: the measured figure, so a change of the test shows
  }

  @Test
  void aTenPercentRelativeCtrDrop_isCalledWorse_inAtLeast90PercentOfTrials() {
    int worse = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      QualityVerdict.Result result = firstDecision(SimulatedUsers.ofControl(1000 + 2 * trial),
          SimulatedUsers.ofRankerWithCtrShare(1001 + 2 * trial, 0.9));
      worse += result == QualityVerdict.Result.WORSE ? 1 : 0;
    }
    System.out.printf("power at a 10 %% CTR drop: %d/%d%n", worse, TRIALS);
    assertThat(worse).isGreaterThanOrEqualTo(TRIALS * 9 / 10);
    assertThat(worse).isEqualTo(196); // seeded: the measured figure
  }

  @Test
  void theVerdict_carriesTheSampleSizesAndTheEstimate() {
    QualityVerdict verdict = QualityVerdict.compare(figures(10_000, 3_000), figures(10_000, 2_700),
        QualityMetric.CTR, ALPHA, CONFIG);

    assertThat(verdict.result()).isEqualTo(QualityVerdict.Result.WORSE);
    assertThat(verdict.control().searches()).isEqualTo(10_000);
    assertThat(verdict.candidate().searches()).isEqualTo(10_000);
    assertThat(verdict.difference()).isCloseTo(-0.03, within(1e-12));
    assertThat(verdict.pValue()).isLessThan(ALPHA);
    assertThat(verdict.toString()).endsWith(": worse");
  }

  @Test
  void beforeTheMinimumSearches_nothingIsKnown() {
    QualityVerdict verdict = QualityVerdict.compare(figures(499, 400), figures(499, 10),
        QualityMetric.CTR, ALPHA, CONFIG);

    assertThat(verdict.result()).isEqualTo(QualityVerdict.Result.NOT_YET_KNOWN);
    assertThat(verdict.pValue()).isEqualTo(1.0);
  }

  @Test
  void alphaOutsideZeroToOne_isRefused() {
    assertThatThrownBy(() -> QualityVerdict.compare(figures(1, 1), figures(1, 1), QualityMetric.CTR,
        1.0, CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be in (0, 1), but was 1.0");
  }

  /** Runs both arms in step and returns the first verdict that decides, or not yet known. */
  private static QualityVerdict.Result firstDecision(SimulatedUsers control, SimulatedUsers candidate) {
    long controlClicks = 0;
    long candidateClicks = 0;
    for (int n = 1; n <= PER_ARM; n++) {
      controlClicks += control.firstClick() >= 0 ? 1 : 0;
      candidateClicks += candidate.firstClick() >= 0 ? 1 : 0;
      if (n % LOOK_EVERY == 0) {
        QualityVerdict verdict = QualityVerdict.compare(figures(n, controlClicks),
            figures(n, candidateClicks), QualityMetric.CTR, ALPHA, CONFIG);
        if (verdict.result() != QualityVerdict.Result.NOT_YET_KNOWN) {
          return verdict.result();
        }
      }
    }
    return QualityVerdict.Result.NOT_YET_KNOWN;
  }

  private static QualityFigures figures(long searches, long engaged) {
    double[] sums = new double[Sum.COUNT];
    sums[Sum.SEARCHES] = searches;
    sums[Sum.ENGAGED] = engaged;
    return QualityFigures.of("7", Variant.CONTROL, sums);
  }
}
