package dev.monitoredinference.anomaly;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import java.util.function.LongSupplier;

/**
 * Times the rest of the chain and records the call's outcome into its detector's current window.
 * A failure is recorded and rethrown unchanged; recording never throws.
 */
final class AnomalyInterceptor implements InferenceInterceptor {
  private final AnomalyDetector detector;
  private final LongSupplier ticker;

  AnomalyInterceptor(AnomalyDetector detector, LongSupplier ticker) {
    this.detector = detector;
    this.ticker = ticker;
  }

  @Override
  public Prediction intercept(Chain chain) {
    long start = ticker.getAsLong();
    ErrorType outcome = ErrorType.NONE;
    try {
      return chain.proceed(chain.inputs());
    } catch (Throwable failure) {
      outcome = ErrorType.of(failure);
      throw failure;
    } finally {
      long end = ticker.getAsLong();
      detector.record(outcome, end - start, end);
    }
  }
}
