package dev.monitoredinference.runtime;

import java.time.Duration;

/** {@link RunControl#none()}: no deadline, never terminated, releases at once. */
enum NoRunControl implements RunControl {
  INSTANCE;

  private static final Registration NOTHING = () -> {};

  @Override
  public boolean hasDeadline() {
    return false;
  }

  @Override
  public Duration deadline() {
    throw new IllegalStateException("this call has no deadline");
  }

  @Override
  public long remainingNanos() {
    return Long.MAX_VALUE;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public Registration onTerminate(Runnable action) {
    return NOTHING;
  }

  @Override
  public void afterRun(Runnable release) {
    release.run();
  }
}
