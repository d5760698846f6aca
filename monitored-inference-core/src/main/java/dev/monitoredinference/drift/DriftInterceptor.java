package dev.monitoredinference.drift;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Proceeds, then copies what the features need from the call's inputs and outputs and offers it
 * to the monitor's queue. Runs after validation, so only valid calls are sketched, and sees
 * cache hits when a cache sits further in. Never throws for drift's sake; a failed call is not
 * sketched.
 */
final class DriftInterceptor implements InferenceInterceptor {
  private final DriftMonitor monitor;
  private final DriftSchema schema;
  private final double sampleRate;

  DriftInterceptor(DriftMonitor monitor, DriftSchema schema, double sampleRate) {
    this.monitor = monitor;
    this.schema = schema;
    this.sampleRate = sampleRate;
  }

  @Override
  public Prediction intercept(Chain chain) {
    Prediction prediction = chain.proceed(chain.inputs());
    if (sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= sampleRate
        || !monitor.admit()) {
      return prediction;
    }
    try {
      Sample sample = schema.copy(chain.version(), chain.inputs(), prediction);
      if (sample != null) {
        monitor.offer(sample);
      }
    } catch (RuntimeException failure) {
      monitor.failed(failure);
    }
    return prediction;
  }
}
