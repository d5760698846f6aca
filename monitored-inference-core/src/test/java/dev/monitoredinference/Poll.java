package dev.monitoredinference;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Awaitility's idea in ten lines: wait for a condition, never for a fixed time. */
public final class Poll {
  private Poll() {}

  /** Returns once {@code condition} holds; fails after 10 s. */
  public static void until(BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
