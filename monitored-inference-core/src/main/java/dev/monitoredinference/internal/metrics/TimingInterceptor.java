package dev.monitoredinference.internal.metrics;

import dev.monitoredinference.CacheResult;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.cache.EmbeddingUsage;
import io.micrometer.core.instrument.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Times the rest of the chain into one of a fixed set of timers, chosen by the call's {@link
 * ErrorType} and {@link CacheResult} (from the prediction's {@link EmbeddingUsage}, {@code NONE}
 * without one); optionally counts calls in flight. No meter look-up on the call path. A failure is
 * recorded and rethrown unchanged; a failing meter is logged once and never changes the result.
 */
final class TimingInterceptor implements InferenceInterceptor {
  private final TimerGrid timers;
  private final Clock clock;
  private final @Nullable LongAdder inFlight;
  private final SafeMeters meters;

  TimingInterceptor(
      TimerGrid timers, Clock clock, @Nullable LongAdder inFlight, SafeMeters meters) {
    this.timers = timers;
    this.clock = clock;
    this.inFlight = inFlight;
    this.meters = meters;
  }

  @Override
  public Prediction intercept(Chain chain) {
    if (inFlight != null) {
      inFlight.increment();
    }
    long start = clock.monotonicTime();
    ErrorType outcome = ErrorType.NONE;
    CacheResult cacheResult = CacheResult.NONE;
    try {
      Prediction prediction = chain.proceed(chain.inputs());
      if (timers.byCacheResult()) {
        EmbeddingUsage usage = prediction.attribute(EmbeddingUsage.class).orElse(null);
        if (usage != null) {
          cacheResult = usage.cacheResult();
        }
      }
      return prediction;
    } catch (Throwable failure) {
      outcome = ErrorType.of(failure);
      throw failure;
    } finally {
      meters.record(timers.timer(cacheResult, outcome), clock.monotonicTime() - start);
      if (inFlight != null) {
        inFlight.decrement();
      }
    }
  }
}
