package dev.monitoredinference.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Detection quality on seeded realistic noise, through the real recording path (histogram, window
 * close) with the default configuration: no false alarm in 1,000 steady windows, and planted
 * steps found within three windows.
 */
class DetectionQualityTest {
  private final NoisyTraffic traffic = new NoisyTraffic();

  @Test
  void steadyNoisyTraffic_raisesNoAlertIn1000Windows() {
    traffic.run(1000);
    assertThat(traffic.alerts).isEmpty();
    assertThat(traffic.detector.anomalousSignals()).isEmpty();
    // lognormal p95 = 5 ms · e^(1.645 · 0.5) = 11.4 ms, measured through 25 %-wide buckets
    assertThat(traffic.detector.baseline(AnomalySignal.LATENCY)).isCloseTo(0.0114, within(0.0006));
    assertThat(traffic.detector.baseline(AnomalySignal.ERRORS)).isCloseTo(0.01, within(0.003));
  }

  @Test
  void latencyDoubling_isFlaggedOnTheThirdWindow() {
    traffic.run(300);
    traffic.latencyFactor = 2;
    traffic.run(3);
    assertThat(traffic.alerts).hasSize(1);
    Alert alert = traffic.alerts.get(0);
    assertThat(alert.signal()).isEqualTo(AnomalySignal.LATENCY);
    assertThat(alert.state()).isEqualTo(Alert.State.FIRING);
    assertThat(NoisyTraffic.windowIndex(alert)).isEqualTo(302);
    assertThat(alert.observed() / alert.baseline()).isCloseTo(2.0, within(0.15));
    assertThat(traffic.detector.isAnomalous(AnomalySignal.LATENCY)).isTrue();
  }

  @Test
  void latencyBackToNormal_resolvesAfterFiveCalmWindows() {
    traffic.run(300);
    traffic.latencyFactor = 2;
    traffic.run(10);
    traffic.latencyFactor = 1;
    traffic.run(5);
    assertThat(traffic.alerts).extracting(Alert::state)
        .containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
    assertThat(NoisyTraffic.windowIndex(traffic.alerts.get(1))).isEqualTo(314);
    assertThat(traffic.detector.anomalousSignals()).isEmpty();
  }

  @Test
  void errorRatioFrom1To10Percent_isFlaggedOnTheThirdWindow() {
    traffic.run(300);
    traffic.errorProbability = 0.10;
    traffic.run(3);
    assertThat(traffic.alerts).extracting(Alert::signal, Alert::state)
        .containsExactly(tuple(AnomalySignal.ERRORS, Alert.State.FIRING));
    assertThat(NoisyTraffic.windowIndex(traffic.alerts.get(0))).isEqualTo(302);
  }

  @Test
  void throughputDropToAQuarter_isFlaggedOnTheThirdWindow() {
    traffic.run(300);
    traffic.rate = 125;
    traffic.run(3);
    assertThat(traffic.alerts).extracting(Alert::signal, Alert::state)
        .containsExactly(tuple(AnomalySignal.THROUGHPUT, Alert.State.FIRING));
    assertThat(NoisyTraffic.windowIndex(traffic.alerts.get(0))).isEqualTo(302);
  }

  @Test
  void callsStoppingAltogether_areFlaggedByOneEvaluateAfterThreeSilentWindows() {
    traffic.run(300);
    traffic.idle(3);
    assertThat(traffic.alerts).extracting(Alert::signal, Alert::state, Alert::observed)
        .containsExactly(tuple(
            AnomalySignal.THROUGHPUT, Alert.State.FIRING, 0.0));
    assertThat(NoisyTraffic.windowIndex(traffic.alerts.get(0))).isEqualTo(302);
    assertThat(traffic.detector.anomalousSignals()).containsExactly(AnomalySignal.THROUGHPUT);
  }
}
