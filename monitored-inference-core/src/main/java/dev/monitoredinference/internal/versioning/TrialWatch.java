package dev.monitoredinference.internal.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.internal.call.CallControl;
import dev.monitoredinference.internal.call.LoadedVersion;
import dev.monitoredinference.internal.versioning.TrialObserver.Outcome;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.outcomes.QualityMetric;
import dev.monitoredinference.versioning.ComparisonConfig;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running canary or shadow of {@code candidate} against {@code baseline}. Wraps each call the
 * model routes to either version: times it for the {@link RollbackGuard}, and copies a sample of
 * eligible calls (shadow: served by the baseline; canary: served by the candidate) to a bounded
 * queue. One daemon thread takes the copies, runs the other version's own links on them and
 * reports both latencies and the {@link Divergence} to the {@link TrialObserver}. A full queue
 * drops the copy and counts it; the caller never waits for, nor fails because of, a comparison.
 * When the guard's verdict goes against the candidate, {@code onVerdict} hears the reason once, on
 * a thread of its own (it ends the trial, which waits for calls to drain).
 */
public final class TrialWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrialWatch.class);

  private final LoadedVersion baseline;
  private final LoadedVersion candidate;
  private final boolean canary;
  private final ComparisonConfig comparison;
  private final @Nullable RollbackGuard guard;
  private final TrialObserver observer;
  private final Consumer<String> onVerdict;
  private final BlockingQueue<Copy> queue;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean judged = new AtomicBoolean();
  private final Thread worker;
  private volatile boolean closed;

  /** Starts the comparison thread; {@code canary} says which calls are copied (see above). */
  public TrialWatch(String modelName, LoadedVersion baseline, LoadedVersion candidate,
      boolean canary, ComparisonConfig comparison, @Nullable RollbackGuardConfig guard,
      OutcomeTracker outcomes, TrialObserver observer, Consumer<String> onVerdict) {
    this.baseline = requireNonNull(baseline, "baseline");
    this.candidate = requireNonNull(candidate, "candidate");
    this.canary = canary;
    this.comparison = requireNonNull(comparison, "comparison");
    this.guard = guard == null ? null : new RollbackGuard(guard, qualityCheck(guard, outcomes,
        canary, baseline, candidate));
    this.observer = requireNonNull(observer, "observer");
    this.onVerdict = requireNonNull(onVerdict, "onVerdict");
    this.queue = new ArrayBlockingQueue<>(comparison.queueCapacity());
    this.worker = new Thread(this::compareUntilClosed,
        "monitored-inference-trial-" + modelName + "-" + candidate.version().version());
    worker.setDaemon(true);
    worker.start();
  }

  /** The guard's quality criterion: only a canary's answers reach users and have outcomes. */
  private static @Nullable QualityCheck qualityCheck(RollbackGuardConfig guard,
      OutcomeTracker outcomes, boolean canary, LoadedVersion baseline, LoadedVersion candidate) {
    QualityMetric metric = guard.qualityMetric().orElse(null);
    return metric == null || !canary || !outcomes.isEnabled() ? null
        : QualityCheck.ofCanary(outcomes, metric, guard.qualityConfidence(),
            baseline.version().version(), candidate.version().version());
  }

  /** Runs a begun call on {@code served} (the baseline or the candidate) and watches it. */
  public Prediction serve(LoadedVersion served, Inputs inputs, CallControl control) {
    boolean byCandidate = served == candidate;
    long start = System.nanoTime();
    Prediction answer;
    try {
      answer = served.execute(inputs, control);
    } catch (RuntimeException failure) {
      if (byCandidate && ErrorType.of(failure).isModelFault()) {
        observer.outcome(Outcome.CANDIDATE_ERROR);
        judge(System.nanoTime() - start, true);
      }
      throw failure;
    }
    long nanos = System.nanoTime() - start;
    if (byCandidate) {
      judge(nanos, false);
    } else if (guard != null) {
      guard.baselineCall(nanos);
    }
    if (byCandidate == canary && sampled()) {
      offer(new Copy(InputCopies.of(inputs), answer, nanos, byCandidate));
    }
    return answer;
  }

  /** Stops the comparison thread and drops queued copies; the versions stay as they are. */
  @Override
  public void close() {
    closed = true;
    pending.addAndGet(-queue.drainTo(new ArrayList<>()));
    worker.interrupt();
  }

  /**
   * Waits until every queued copy is compared, or the trial is closed (a hook for tests).
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0 && !closed) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  private boolean sampled() {
    double rate = comparison.sampleRate();
    return rate >= 1 || ThreadLocalRandom.current().nextDouble() < rate;
  }

  private void offer(Copy copy) {
    pending.incrementAndGet();
    if (closed || !queue.offer(copy)) {
      pending.decrementAndGet();
      observer.dropped();
    }
  }

  private void compareUntilClosed() {
    while (!closed) {
      Copy copy;
      try {
        copy = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        compare(copy);
      } catch (RuntimeException e) {
        log.warn("comparing {} with {} failed", candidate.version(), baseline.version(), e);
      } finally {
        pending.decrementAndGet();
      }
    }
  }

  private void compare(Copy copy) {
    LoadedVersion other = copy.byCandidate ? baseline : candidate;
    CallControl control = other.begin(null);
    if (control == null) {
      return; // the other version is retired: the trial is ending
    }
    long start = System.nanoTime();
    Prediction answer;
    try {
      answer = other.executeVersionOnly(copy.inputs, control);
    } catch (RuntimeException failure) {
      if (!copy.byCandidate) {
        observer.outcome(Outcome.CANDIDATE_ERROR);
        if (ErrorType.of(failure).isModelFault()) {
          judge(System.nanoTime() - start, true);
        }
      } else {
        observer.outcome(Outcome.BASELINE_ERROR);
      }
      return;
    } finally {
      other.end(control);
    }
    long nanos = System.nanoTime() - start;
    Divergence divergence = copy.byCandidate
        ? Divergence.between(answer, copy.answer, comparison.topK())
        : Divergence.between(copy.answer, answer, comparison.topK());
    observer.outcome(Outcome.SUCCESS);
    observer.compared(copy.byCandidate ? nanos : copy.nanos, copy.byCandidate ? copy.nanos : nanos,
        divergence);
    if (guard != null) {
      guard.divergence(divergence.distance());
      if (!copy.byCandidate) {
        judge(nanos, false); // a shadow's candidate calls are these runs
      }
    }
  }

  /** Records a candidate call with the guard; a verdict against it is handed over once. */
  private void judge(long nanos, boolean failed) {
    if (guard == null) {
      return;
    }
    String verdict = guard.candidateCall(nanos, failed);
    if (verdict != null && !closed && judged.compareAndSet(false, true)) {
      Thread ending = new Thread(() -> onVerdict.accept(verdict),
          "monitored-inference-rollback-guard-" + candidate.version().version());
      ending.setDaemon(true);
      ending.start();
    }
  }

  private static final class Copy {
    final Inputs inputs;
    final Prediction answer;
    final long nanos;
    final boolean byCandidate;

    Copy(Inputs inputs, Prediction answer, long nanos, boolean byCandidate) {
      this.inputs = inputs;
      this.answer = answer;
      this.nanos = nanos;
      this.byCandidate = byCandidate;
    }
  }
}
