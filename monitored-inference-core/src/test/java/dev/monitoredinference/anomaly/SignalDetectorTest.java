package dev.monitoredinference.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.internal.Tails;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector maths fed window aggregates directly, with the default configuration. */
class SignalDetectorTest {
  private static final AnomalyConfig DEFAULTS = AnomalyConfig.ofDefaults();

  private final SignalDetector latency = new SignalDetector(AnomalySignal.LATENCY, DEFAULTS);

  /** Feeds {@code windows} windows of {@code value} with {@code volume} calls; the changes. */
  private static List<Alert.State> feed(SignalDetector detector, int windows, double value, long volume) {
    List<Alert.State> changes = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      Alert.State change = detector.observe(value, volume);
      if (change != null) {
        changes.add(change);
      }
    }
    return changes;
  }

  @Test
  void latencyDoubling_firesOnTheThirdWindow_withTheBaselineUntouched() {
    assertThat(feed(latency, 10, 0.004, 500)).isEmpty();
    double baseline = latency.baseline();
    assertThat(baseline).isCloseTo(0.004, within(1e-15));

    assertThat(latency.observe(0.008, 500)).isNull();
    assertThat(latency.observe(0.008, 500)).isNull();
    assertThat(latency.observe(0.008, 500)).isEqualTo(Alert.State.FIRING);
    assertThat(latency.lastZ()).isCloseTo(Math.log(2) / 0.1, within(1e-9)); // σ floor 0.1
    assertThat(latency.isAnomalous()).isTrue();
    assertThat(latency.baseline()).isEqualTo(baseline);
  }

  @Test
  void enter_needsThreeHitsInTheLastFive_notInARow() {
    feed(latency, 10, 0.004, 500);
    assertThat(latency.observe(0.008, 500)).isNull();
    assertThat(latency.observe(0.004, 500)).isNull();
    assertThat(latency.observe(0.008, 500)).isNull();
    assertThat(latency.observe(0.004, 500)).isNull();
    assertThat(latency.observe(0.008, 500)).isEqualTo(Alert.State.FIRING);
  }

  @Test
  void hitsOlderThanFiveWindows_areForgotten() {
    feed(latency, 10, 0.004, 500);
    feed(latency, 2, 0.008, 500);
    feed(latency, 3, 0.004, 500);
    assertThat(feed(latency, 2, 0.008, 500)).isEmpty();
    assertThat(latency.isAnomalous()).isFalse();
  }

  @Test
  void warmUp_neverAlerts_andCountsOnlyWindowsThatFedTheBaseline() {
    assertThat(latency.observe(0.004, 500)).isNull();
    assertThat(feed(latency, 9, 1.0, 500)).isEmpty();
    assertThat(latency.updates()).isEqualTo(10);
    assertThat(latency.lastZ()).isNaN();
  }

  @Test
  void lowVolumeWindows_areSkipped_noBaselineUpdate_noAlert() {
    feed(latency, 10, 0.004, 500);
    double baseline = latency.baseline();
    double sigma = latency.sigma();

    assertThat(feed(latency, 20, 1.0, 99)).isEmpty();
    assertThat(latency.updates()).isEqualTo(10);
    assertThat(latency.baseline()).isEqualTo(baseline);
    assertThat(latency.sigma()).isEqualTo(sigma);
    assertThat(latency.isAnomalous()).isFalse();
  }

  @Test
  void lowVolumeWindows_doNotCountTowardsWarmUp() {
    feed(latency, 9, 0.004, 500);
    feed(latency, 5, 0.004, 10);
    assertThat(latency.updates()).isEqualTo(9);
  }

  @Test
  void resolve_onlyAfterFiveCalmWindowsInARow_withTheBaselineFrozenThroughout() {
    feed(latency, 10, 0.004, 500);
    assertThat(feed(latency, 3, 0.008, 500)).containsExactly(Alert.State.FIRING);
    double frozen = latency.baseline();

    assertThat(feed(latency, 20, 0.008, 500)).isEmpty(); // still anomalous, nothing learnt
    assertThat(feed(latency, 4, 0.004, 500)).isEmpty();
    assertThat(latency.observe(0.0048, 500)).isNull(); // z = ln(1.2)/0.1 = 1.82 >= 1.5: streak broken
    assertThat(feed(latency, 3, 0.004, 500)).isEmpty();
    assertThat(latency.observe(0.0045, 500)).isNull(); // z = ln(1.125)/0.1 = 1.18 < 1.5: calm
    assertThat(latency.isAnomalous()).isTrue();
    assertThat(latency.observe(0.004, 500)).isEqualTo(Alert.State.RESOLVED);
    assertThat(latency.baseline()).isEqualTo(frozen);
    assertThat(latency.isAnomalous()).isFalse();
  }

  @Test
  void errorRatioSpike_firesOnTheThirdWindow() {
    SignalDetector errors = new SignalDetector(AnomalySignal.ERRORS, DEFAULTS);
    feed(errors, 10, 0.01, 1000);
    assertThat(feed(errors, 2, 0.2, 1000)).isEmpty();
    assertThat(errors.observe(0.2, 1000)).isEqualTo(Alert.State.FIRING);
    // a steady baseline has no spread, so the binomial count test sets z
    assertThat(errors.lastZ()).isEqualTo(
        Tails.zOfUpperTail(Tails.binomialUpperTail(200, 1000, 0.01))).isGreaterThan(25);
  }

  @Test
  void afterThousandsOfCleanCalls_twoFailuresIn150_fireOnTheThirdWindow() {
    SignalDetector errors = new SignalDetector(AnomalySignal.ERRORS, DEFAULTS);
    feed(errors, 40, 0.0, 150);
    assertThat(feed(errors, 2, 2 / 150.0, 150)).isEmpty();
    assertThat(errors.observe(2 / 150.0, 150)).isEqualTo(Alert.State.FIRING);
  }

  @Test
  void afterThousandsOfCleanCalls_oneFailureIn150_isNoHit() {
    SignalDetector errors = new SignalDetector(AnomalySignal.ERRORS, DEFAULTS);
    feed(errors, 40, 0.0, 150);
    assertThat(feed(errors, 20, 1 / 150.0, 150)).isEmpty();
    assertThat(errors.baseline()).isGreaterThan(0.005); // each such window fed the baseline
  }

  @Test
  void fewerErrors_neverAlert() {
    SignalDetector errors = new SignalDetector(AnomalySignal.ERRORS, DEFAULTS);
    feed(errors, 10, 0.3, 1000);
    assertThat(feed(errors, 20, 0.0, 1000)).isEmpty();
  }

  @Test
  void throughputRise_neverAlerts_andBecomesTheBaseline() {
    SignalDetector throughput = new SignalDetector(AnomalySignal.THROUGHPUT, DEFAULTS);
    feed(throughput, 10, 1000, 1000);
    assertThat(feed(throughput, 100, 4000, 4000)).isEmpty();
    assertThat(throughput.baseline()).isCloseTo(4000, within(1e-6));
  }

  @Test
  void throughputDrop_firesOnTheThirdWindow() {
    SignalDetector throughput = new SignalDetector(AnomalySignal.THROUGHPUT, DEFAULTS);
    feed(throughput, 10, 1000, 1000);
    assertThat(feed(throughput, 2, 250, 250)).isEmpty();
    assertThat(throughput.observe(250, 250)).isEqualTo(Alert.State.FIRING);
    assertThat(throughput.lastZ()).isCloseTo((1000 - 250) / 100.0, within(1e-9)); // σ floor 10 %
  }

  @Test
  void throughput_isJudgedEvenInLowVolumeWindows_soADropToZeroFires() {
    SignalDetector throughput = new SignalDetector(AnomalySignal.THROUGHPUT, DEFAULTS);
    feed(throughput, 10, 1000, 1000);
    assertThat(feed(throughput, 3, 0, 0)).containsExactly(Alert.State.FIRING);
  }

  @Test
  void throughput_isNotJudgedWhileItsBaselineIsBelowMinCalls() {
    SignalDetector throughput = new SignalDetector(AnomalySignal.THROUGHPUT, DEFAULTS);
    feed(throughput, 10, 50, 50);
    assertThat(feed(throughput, 10, 0, 0)).isEmpty();
    assertThat(throughput.updates()).isEqualTo(20);
  }
}
