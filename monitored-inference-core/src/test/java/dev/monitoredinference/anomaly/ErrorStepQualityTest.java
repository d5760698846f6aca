package dev.monitoredinference.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error-ratio steps at low traffic, through the real recording path with the default
 * configuration and seeded {@link NoisyTraffic} (call counts swinging ±20 % around the rate):
 * 0 → 5 % errors is flagged within three windows at 150 calls a window, and steady 1 % errors
 * never alert in 1,000 windows at 150, 500 or 5,000 calls a window.
 */
class ErrorStepQualityTest {
  @Test
  void zeroToFivePercentErrors_at150CallsAWindow_isFlaggedWithinThreeWindows_in95PercentOfTrials() {
    int trials = 200;
    int flagged = 0;
    for (int trial = 0; trial < trials; trial++) {
      NoisyTraffic traffic = new NoisyTraffic(100 + trial);
      traffic.rate = 150;
      traffic.errorProbability = 0;
      traffic.run(100);
      assertThat(traffic.alerts).isEmpty();
      traffic.errorProbability = 0.05;
      traffic.run(3);
      flagged += traffic.detector.isAnomalous(AnomalySignal.ERRORS) ? 1 : 0;
    }
    assertThat(flagged).as("trials flagged, of " + trials).isGreaterThanOrEqualTo(190);
  }

  @ParameterizedTest
  @ValueSource(ints = {150, 500, 5_000})
  void steadyOnePercentErrors_raiseNoAlertIn1000Windows(int callsPerWindow) {
    NoisyTraffic traffic = new NoisyTraffic(callsPerWindow);
    traffic.rate = callsPerWindow;
    traffic.run(1000);
    assertThat(traffic.alerts).isEmpty();
  }
}
