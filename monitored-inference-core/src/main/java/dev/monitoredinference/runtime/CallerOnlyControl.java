package dev.monitoredinference.runtime;

import dev.monitoredinference.CallerId;
import java.time.Duration;

/** {@link RunControl#none(CallerId)}: {@link RunControl#none()}, naming the caller. */
final class CallerOnlyControl implements RunControl {
  private final CallerId caller;

  CallerOnlyControl(CallerId caller) {
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
    return NoRunControl.INSTANCE.deadline();
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
    return NoRunControl.INSTANCE.onTerminate(action);
  }

  @Override
  public void afterRun(Runnable release) {
    release.run();
  }
}
