package dev.monitoredinference.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each setter checks its argument at once and names the parameter and the bad value. */
class AnomalyConfigTest {
  private static final AnomalyConfig DEFAULTS = AnomalyConfig.ofDefaults();

  @Test
  void defaults_areTheDocumentedOnes() {
    assertThat(DEFAULTS).hasToString("window 30000 ms, minCalls 100, warm-up 10 windows, λ 0.2,"
        + " enter z > 3.0 in 3 of 5, exit z < 1.5 for 5");
  }

  @Test
  void badArguments_failFastWithTheValue() {
    assertThatThrownBy(() -> DEFAULTS.minCalls(0))
        .hasMessage("minCalls must be > 0, but was 0");
    assertThatThrownBy(() -> DEFAULTS.window(Duration.ZERO))
        .hasMessage("window must be > 0, but was PT0S");
    assertThatThrownBy(() -> DEFAULTS.warmupWindows(0))
        .hasMessage("warmupWindows must be > 0, but was 0");
    assertThatThrownBy(() -> DEFAULTS.smoothing(1.5))
        .hasMessage("smoothing must be in (0, 1], but was 1.5");
    assertThatThrownBy(() -> DEFAULTS.smoothing(Double.NaN))
        .hasMessage("smoothing must be in (0, 1], but was NaN");
    assertThatThrownBy(() -> DEFAULTS.enterWhen(1.0, 3, 5))
        .hasMessage("enter z must be finite and > the exit z (1.5), but was 1.0");
    assertThatThrownBy(() -> DEFAULTS.enterWhen(4, 6, 5))
        .hasMessage("enter windows must satisfy 1 <= windows <= outOf <= 32, but were 6 of 5");
    assertThatThrownBy(() -> DEFAULTS.exitWhen(3.0, 5))
        .hasMessage("exit z must be >= 0 and < the enter z (3.0), but was 3.0");
    assertThatThrownBy(() -> DEFAULTS.exitWhen(1, 0))
        .hasMessage("exit windows must be > 0, but was 0");
  }

  @Test
  void setters_returnNewConfigurations() {
    AnomalyConfig strict = DEFAULTS.enterWhen(4, 2, 2).exitWhen(2, 3).minCalls(20);
    assertThat(strict).hasToString("window 30000 ms, minCalls 20, warm-up 10 windows, λ 0.2,"
        + " enter z > 4.0 in 2 of 2, exit z < 2.0 for 3");
    assertThat(DEFAULTS.minCalls).isEqualTo(100);
  }
}
