package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.anomaly.AnomalySignal;
import dev.monitoredinference.internal.call.CallControl;
import dev.monitoredinference.internal.call.LoadedVersion;
import dev.monitoredinference.versioning.PromotionWatchConfig;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The watch over a newly promoted version ({@link PromotionWatchConfig}): counts its calls and,
 * every {@code checkEvery} of them until the period ends, asks the {@link QualityCheck} and, if
 * configured, the anomaly detector. The first verdict against the version, or the end of the
 * period, is handed over once on a thread of its own: rolling back retires the version the
 * calling thread is using, so it cannot wait on it. A call pays one counter increment.
 */
final class PromotionWatch {
  private final PromotionWatchConfig config;
  private final QualityCheck quality;
  private final PromotionSettings settings;
  private final LongSupplier ticker;
  private final long endsAt;
  private final Consumer<String> onVerdict;
  private final Runnable onPassed;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicBoolean over = new AtomicBoolean();

  PromotionWatch(PromotionSettings settings, String previous, String promoted,
      Consumer<String> onVerdict, Runnable onPassed) {
    this.settings = settings;
    this.config = settings.config();
    this.quality = QualityCheck.ofPromotion(settings.outcomes(), config.metric(),
        config.confidence(), previous, promoted);
    this.ticker = settings.outcomes().config().ticker();
    this.endsAt = ticker.getAsLong() + config.period().toNanos();
    this.onVerdict = onVerdict;
    this.onPassed = onPassed;
  }

  /**
   * Runs a begun call on the promoted version and checks every {@code checkEvery} calls, failed
   * ones included: a version whose every call fails must still be judged.
   */
  Prediction serve(LoadedVersion served, Inputs inputs, CallControl control) {
    try {
      return served.execute(inputs, control);
    } finally {
      if (!over.get() && calls.incrementAndGet() % config.checkEvery() == 0) {
        check();
      }
    }
  }

  /** Ends the watch without a verdict: the version was replaced or a trial started. */
  void stop() {
    over.set(true);
  }

  private void check() {
    if (ticker.getAsLong() - endsAt >= 0) {
      if (over.compareAndSet(false, true)) {
        handOver(onPassed);
      }
      return;
    }
    String why = anomalous();
    if (why == null) {
      why = quality.worse();
    }
    String verdict = why;
    if (verdict != null && over.compareAndSet(false, true)) {
      handOver(() -> onVerdict.accept(verdict));
    }
  }

  private @Nullable String anomalous() {
    if (!config.rollBackOnAnomaly()) {
      return null;
    }
    Set<AnomalySignal> signals = settings.anomalies().get();
    return signals.isEmpty() ? null : "anomalous signals " + signals;
  }

  private static void handOver(Runnable action) {
    Thread thread = new Thread(action, "monitored-inference-promotion-watch");
    thread.setDaemon(true);
    thread.start();
  }
}
