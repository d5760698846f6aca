package dev.monitoredinference.examples.search;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A runtime interceptor the scenario switches on to make every ranker call slower. Thread-safe. */
final class Slowdown implements InferenceInterceptor {
  private final AtomicBoolean on = new AtomicBoolean();
  private final Duration delay;

  Slowdown(Duration delay) {
    this.delay = delay;
  }

  void set(boolean slow) {
    on.set(slow);
  }

  @Override
  public Prediction intercept(Chain chain) {
    if (on.get()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return chain.proceed(chain.inputs());
  }
}
