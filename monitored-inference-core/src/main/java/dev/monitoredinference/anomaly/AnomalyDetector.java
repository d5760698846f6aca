package dev.monitoredinference.anomaly;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.health.HealthStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one model: calls record into the current window through {@link #interceptor()}; when a
 * window ends, the first call after its end (or {@link #evaluate()}) closes it and judges each
 * {@link AnomalySignal}, alerting on every change of state.
 *
 * <pre>{@code
 * Set<AnomalySignal> firing = model.anomalies().anomalousSignals(); // e.g. [LATENCY]
 * // model.health() reports each as DEGRADED, "anomaly: latency"

 * }</pre>
 *
 * <p>Thread-safe. Recording costs a ticker read at each end of the call and one {@code LongAdder}
 * increment, and allocates nothing; closing a window takes a lock that calls only try (a call
 * never waits for another's window close).
 */
public final class AnomalyDetector {
  private static final Logger log = LoggerFactory.getLogger(AnomalyDetector.class);
  /** Windows closed one by one after an idle gap; the rest of a longer gap is skipped. */
  private static final int MAX_CATCH_UP = 100;
  private static final AnomalyDetector DISABLED =
      new AnomalyDetector(AnomalyConfig.ofDefaults(), "disabled", () -> {
            throw new IllegalStateException("a disabled detector never alerts");
          }, List.of());

  private final String modelName;
  private final Supplier<ModelVersion> version;
  private final AlertDispatcher dispatcher;
  private final WindowCounters counters = new WindowCounters();
  private final SignalDetector[] signals = new SignalDetector[AnomalySignal.values().length];
  private final ReentrantLock closing = new ReentrantLock();
  private final LongSupplier ticker;
  private final long windowNanos;
  private final long tickAnchor;
  private final Instant wallAnchor;
  private final InferenceInterceptor interceptor;
  private volatile long windowEnd;
  private volatile int anomalousMask;
  private volatile boolean failureLogged;

  AnomalyDetector(AnomalyConfig config, String modelName, Supplier<ModelVersion> version,
      List<AlertListener> listeners) {
    this.modelName = modelName;
    this.version = version;
    this.dispatcher = new AlertDispatcher(listeners);
    for (AnomalySignal signal : AnomalySignal.values()) {
      signals[signal.ordinal()] = new SignalDetector(signal, config);
    }
    this.ticker = config.ticker;
    this.windowNanos = config.window.toNanos();
    this.tickAnchor = ticker.getAsLong();
    this.wallAnchor = config.clock.instant();
    this.windowEnd = tickAnchor + windowNanos;
    this.interceptor = new AnomalyInterceptor(this, ticker);
  }

  /** A detector that watches nothing and never alerts: what a model without detection reports. */
  public static AnomalyDetector disabled() {
    return DISABLED;
  }

  /** The chain link that records calls; the builder places it right inside request timing. */
  public InferenceInterceptor interceptor() {
    return interceptor;
  }

  /** Whether {@code signal} is anomalous now (fired and not yet resolved). */
  public boolean isAnomalous(AnomalySignal signal) {
    return (anomalousMask & (1 << signal.ordinal())) != 0;
  }

  /** The signals anomalous now, e.g. for a health check to report as reasons; a fresh copy. */
  public Set<AnomalySignal> anomalousSignals() {
    Set<AnomalySignal> anomalous = EnumSet.noneOf(AnomalySignal.class);
    for (AnomalySignal signal : AnomalySignal.values()) {
      if (isAnomalous(signal)) {
        anomalous.add(signal);
      }
    }
    return anomalous;
  }

  /** {@code DEGRADED} with one reason per anomalous signal ({@code "anomaly: latency"}), else {@code UP}. */
  public HealthStatus health() {
    List<HealthStatus> parts = new ArrayList<>();
    anomalousSignals().forEach(signal -> parts.add(HealthStatus.degraded("anomaly: " + signal.tagValue())));
    return HealthStatus.worstOf(parts);
  }

  /**
   * Closes and judges every window that has ended by the ticker's reading now. Calls do this
   * themselves; call it on a schedule (or from a health check) so that a model that gets no calls
   * at all still has its windows closed, which is how a throughput drop to zero is seen. Waits
   * for a close in progress on another thread.
   */
  public void evaluate() {
    if (this == DISABLED) {
      return;
    }
    closing.lock();
    try {
      closeEndedWindows(ticker.getAsLong());
    } finally {
      closing.unlock();
    }
  }

  /** Alert deliveries that threw: listeners, and the log line if logging itself failed. */
  public long listenerFailures() {
    return dispatcher.failures();
  }

  /**
   * Records one call that ended at {@code now}, in the window it ended in: first closes the windows
   * that ended before it, unless another thread is closing them right now.
   */
  void record(ErrorType outcome, long nanos, long now) {
    if (now - windowEnd >= 0 && closing.tryLock()) {
      try {
        closeEndedWindows(now);
      } catch (RuntimeException failure) {
        if (!failureLogged) {
          failureLogged = true;
          log.warn("closing an anomaly window of model '{}' failed; calls are unaffected",
              modelName, failure);
        }
      } finally {
        closing.unlock();
      }
    }
    counters.record(outcome, nanos);
  }

  /** The baseline mean of {@code signal} in its own unit; NaN before its first window. */
  double baseline(AnomalySignal signal) {
    return signals[signal.ordinal()].baseline();
  }

  /** Moves the window end before judging, so a listener that calls back in sees it moved. */
  private void closeEndedWindows(long now) {
    int closed = 0;
    while (now - windowEnd >= 0) {
      long end = windowEnd;
      windowEnd = end + windowNanos;
      if (closed++ < MAX_CATCH_UP) {
        judge(counters.close(), end);
      }
    }
  }

  private void judge(WindowAggregate window, long end) {
    judge(AnomalySignal.LATENCY, window.p95Seconds(), window.succeeded(), end);
    judge(AnomalySignal.ERRORS, window.errorRatio(), window.judgedCalls(), end);
    judge(AnomalySignal.THROUGHPUT, window.calls(), window.calls(), end);
  }

  private void judge(AnomalySignal signal, double observed, long volume, long end) {
    SignalDetector detector = signals[signal.ordinal()];
    Alert.State change = detector.observe(observed, volume);
    if (change == null) {
      return;
    }
    int bit = 1 << signal.ordinal();
    anomalousMask = change == Alert.State.FIRING ? anomalousMask | bit : anomalousMask & ~bit;
    dispatcher.dispatch(Alert.of(modelName, version.get().version(), signal, change, observed,
        detector.baseline(), detector.lastZ(), wallAnchor.plusNanos(end - tickAnchor)));
  }
}
