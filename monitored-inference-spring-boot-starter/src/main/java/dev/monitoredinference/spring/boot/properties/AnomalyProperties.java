package dev.monitoredinference.spring.boot.properties;

import java.time.Duration;

/**
 * {@code monitored-inference.models.<name>.anomalies.*}; the other knobs keep {@code
 * AnomalyConfig}'s defaults (a customizer can set them).
 */
public class AnomalyProperties {
  /** Whether latency, error ratio and throughput are watched for anomalies. */
  private boolean enabled = false;

  /** The length of the windows the signals are aggregated over. */
  private Duration window = Duration.ofSeconds(30);

  /** The fewest calls a window needs to be judged. */
  private long minCalls = 100;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getWindow() {
    return window;
  }

  public void setWindow(Duration window) {
    this.window = window;
  }

  public long getMinCalls() {
    return minCalls;
  }

  public void setMinCalls(long minCalls) {
    this.minCalls = minCalls;
  }
}
