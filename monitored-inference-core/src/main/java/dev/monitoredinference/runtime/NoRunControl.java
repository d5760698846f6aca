package dev.monitoredinference.runtime;

import dev.monitoredinference.CallerId;
import java.time.Duration;

/**
 * {@link RunControl#none()} and {@link RunControl#none(CallerId)}: no deadline, never
 * terminated, releases at once; names the caller if one was given.
 */
final class NoRunControl implements RunControl {
  static final NoRunControl INSTANCE = new NoRunControl(CallerId.anonymous());

  private static final Registration NOTHING = () -> {};

  private final CallerId caller;

  NoRunControl(CallerId caller) {
    this.caller = caller;
  }

  @Override
  public CallerId caller() {
    return caller;
  }

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
