package dev.monitoredinference.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds model calls just before the runtime until the test releases them: a call in flight to
 * close a context on. Its customizer applies to every model the starter builds, an embedder's own
 * encoder included.
 */
public final class HeldCalls {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** The customizer that adds the holding interceptor. */
  public MonitoredModelCustomizer customizer() {
    return (name, builder) -> builder.addRuntimeInterceptor(chain -> {
      entered.countDown();
      await(release);
      return chain.proceed(chain.inputs());
    });
  }

  /** Waits (at most 10 s) until a call is held. */
  public void awaitEntered() {
    await(entered);
  }

  /** Lets the held calls, and every later one, through. */
  public void release() {
    release.countDown();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
