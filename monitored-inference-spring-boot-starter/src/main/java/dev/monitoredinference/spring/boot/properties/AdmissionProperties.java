package dev.monitoredinference.spring.boot.properties;

import java.time.Duration;

/** {@code monitored-inference.models.<name>.admission.*}; see {@code AdmissionConfig}. */
public class AdmissionProperties {
  /** Whether calls are limited at all. */
  private boolean enabled = false;

  /** The most calls running at once. */
  private int maxConcurrent = 8;

  /** The most calls waiting for a slot; more are refused at once. */
  private int maxQueue = 0;

  /** The longest a queued call waits before it is refused. */
  private Duration queueTimeout = Duration.ofMillis(10);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getMaxConcurrent() {
    return maxConcurrent;
  }

  public void setMaxConcurrent(int maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  public int getMaxQueue() {
    return maxQueue;
  }

  public void setMaxQueue(int maxQueue) {
    this.maxQueue = maxQueue;
  }

  public Duration getQueueTimeout() {
    return queueTimeout;
  }

  public void setQueueTimeout(Duration queueTimeout) {
    this.queueTimeout = queueTimeout;
  }
}
