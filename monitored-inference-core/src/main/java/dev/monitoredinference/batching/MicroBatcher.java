package dev.monitoredinference.batching;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.health.HealthStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Groups concurrent {@link #submit} calls into batches, one queue per bucket (e.g. sequence
 * length), and runs each batch on the thread of its first caller: no threads of its own.
 *
 * <p>The first item to reach an empty bucket leads: it waits until the bucket holds {@code
 * maxBatch} items or its own {@code maxDelay} has passed, takes up to {@code maxBatch} items in
 * arrival order, hands the lead to the next waiting item, and runs the batch. Every caller gets
 * exactly its own result, or the failure of its own batch; a failed batch does not touch the next.
 *
 * <p>Thread-safe. One lock guards the queues; it is never held while a batch runs. Its {@link
 * #health()} reports a full queue.
 *
 * @param <T> an item
 * @param <R> its result
 */
public final class MicroBatcher<T, R> implements HealthContributor {
  private static final int BUCKETS = 64;

  private final String modelName;
  private final BatchingConfig settings;
  private final long maxDelayNanos;
  private final ToIntFunction<T> bucketOf;
  private final Function<List<T>, List<R>> runner;
  private final BatchObserver observer;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<@Nullable Bucket<T, R>> buckets = new ArrayList<>(Collections.nCopies(BUCKETS, null));
  private int queued;

  /**
   * @param bucketOf the bucket of an item, in {@code [0, 64)}; items of one batch share a bucket
   * @param runner runs one batch, returning one result per item in the same order
   */
  public MicroBatcher(
      String modelName,
      BatchingConfig settings,
      ToIntFunction<T> bucketOf,
      Function<List<T>, List<R>> runner,
      BatchObserver observer) {
    this.modelName = requireNonNull(modelName, "modelName");
    this.settings = requireNonNull(settings, "settings");
    this.maxDelayNanos = settings.maxDelay().toNanos();
    this.bucketOf = requireNonNull(bucketOf, "bucketOf");
    this.runner = requireNonNull(runner, "runner");
    this.observer = requireNonNull(observer, "observer");
  }

  /**
   * Runs {@code item} in a batch and returns its result.
   *
   * @throws ModelOverloadedException if {@code maxQueue} items are waiting already
   * @throws IllegalArgumentException if the item's bucket is outside {@code [0, 64)}
   * @throws RuntimeException whatever the runner threw for this item's batch
   */
  public R submit(T item) {
    int index = bucketOf.applyAsInt(item);
    if (index < 0 || index >= BUCKETS) {
      throw new IllegalArgumentException("bucket must be in [0, " + BUCKETS + "), but was " + index);
    }
    Pending<T, R> mine = new Pending<>(item, System.nanoTime());
    List<Pending<T, R>> batch;
    lock.lock();
    try {
      if (queued >= settings.maxQueue()) {
        throw new ModelOverloadedException(modelName, ModelOverloadedException.Reason.OVERLOADED,
            "the batch queue is full (" + settings.maxQueue() + " waiting)");
      }
      Bucket<T, R> bucket = bucket(index);
      bucket.waiting.add(mine);
      queued++;
      if (bucket.leader == null) {
        bucket.leader = mine;
      } else if (bucket.waiting.size() >= settings.maxBatch()) {
        bucket.changed.signalAll();
      }
      batch = awaitTurn(bucket, mine);
    } finally {
      lock.unlock();
    }
    if (batch != null) {
      run(index, batch);
    }
    return mine.result();
  }

  /** Items waiting for a batch right now. */
  public int queued() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code DEGRADED} while the queue is full ({@code maxQueue} items waiting: new items are refused
   * as overloaded), else up. Cheap: one read under the queue lock.
   */
  @Override
  public HealthStatus health() {
    int waiting = queued();
    return waiting < settings.maxQueue() ? HealthStatus.up() : HealthStatus.degraded(
        "the batch queue of '" + modelName + "' is full (" + waiting + " waiting): new calls are refused");
  }

  /** Waits (lock held) until {@code mine} is done, or leads: then returns the batch to run. */
  private @Nullable List<Pending<T, R>> awaitTurn(Bucket<T, R> bucket, Pending<T, R> mine) {
    boolean interrupted = false;
    try {
      while (!mine.done) {
        if (bucket.leader != mine) {
          bucket.changed.awaitUninterruptibly();
          continue;
        }
        long left = mine.queuedAt + maxDelayNanos - System.nanoTime();
        if (bucket.waiting.size() >= settings.maxBatch() || left <= 0 || interrupted) {
          return take(bucket);
        }
        try {
          bucket.changed.awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true; // run what is waiting now rather than abandon the followers
        }
      }
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<Pending<T, R>> take(Bucket<T, R> bucket) {
    int size = Math.min(settings.maxBatch(), bucket.waiting.size());
    List<Pending<T, R>> batch = new ArrayList<>(bucket.waiting.subList(0, size));
    bucket.waiting.subList(0, size).clear();
    queued -= size;
    bucket.leader = bucket.waiting.isEmpty() ? null : bucket.waiting.get(0);
    if (bucket.leader != null) {
      bucket.changed.signalAll();
    }
    return batch;
  }

  private void run(int index, List<Pending<T, R>> batch) {
    long start = System.nanoTime();
    List<R> results = null;
    RuntimeException failure = null;
    try { // an Error anywhere in here (an observer's too) still releases the followers
      List<T> items = new ArrayList<>(batch.size());
      for (Pending<T, R> pending : batch) {
        items.add(pending.item);
        observe(() -> observer.queued(start - pending.queuedAt));
      }
      observe(() -> observer.batch(batch.size()));
      results = runner.apply(items);
      if (results == null || results.size() != items.size()) {
        failure = new IllegalStateException("the batch runner of model '" + modelName + "' returned "
            + (results == null ? "null" : results.size() + " results") + " for " + items.size() + " items");
      }
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      failure = new IllegalStateException("a batch of model '" + modelName + "' failed with " + e, e);
      finish(index, batch, null, failure);
      throw e;
    }
    finish(index, batch, failure == null ? results : null, failure);
  }

  private void finish(int index, List<Pending<T, R>> batch, @Nullable List<R> results,
      @Nullable RuntimeException failure) {
    lock.lock();
    try {
      for (int i = 0; i < batch.size(); i++) {
        Pending<T, R> pending = batch.get(i);
        pending.result = results != null ? results.get(i) : null;
        pending.failure = failure;
        pending.done = true;
      }
      requireNonNull(buckets.get(index)).changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void observe(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException ignored) {
      // A failing observer must not fail the batch; metrics log their own failures.
    }
  }

  private Bucket<T, R> bucket(int index) {
    Bucket<T, R> bucket = buckets.get(index);
    if (bucket == null) {
      bucket = new Bucket<>(lock.newCondition());
      buckets.set(index, bucket);
    }
    return bucket;
  }

  /** One bucket's queue and its leader; guarded by the lock. */
  private static final class Bucket<T, R> {
    final List<Pending<T, R>> waiting = new ArrayList<>();
    final Condition changed;
    @Nullable Pending<T, R> leader;

    Bucket(Condition changed) {
      this.changed = changed;
    }
  }

  /** One caller's item; its fields are guarded by the lock. */
  private static final class Pending<T, R> {
    final T item;
    final long queuedAt;
    boolean done;
    @Nullable R result;
    @Nullable RuntimeException failure;

    Pending(T item, long queuedAt) {
      this.item = item;
      this.queuedAt = queuedAt;
    }

    /** Read by the owner after {@code done}, which the lock published. */
    R result() {
      if (failure != null) {
        throw failure;
      }
      return requireNonNull(result, "result");
    }
  }

  @Override
  public String toString() {
    return "MicroBatcher[" + modelName + ", " + settings + "]";
  }
}
