package dev.monitoredinference.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.admission.ModelOverloadedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
  /** Long enough that a batch only starts when full, interrupted, or at the end of a test. */
  private static final Duration FOREVER = Duration.ofSeconds(30);

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Queue<List<String>> batches = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Upper-cases each item; fails a batch that holds "bad". Items starting with "b1" use bucket 1. */
  private MicroBatcher<String, String> batcher(BatchingConfig settings) {
    return new MicroBatcher<>("encoder", settings, item -> item.startsWith("b1") ? 1 : 0, batch -> {
      batches.add(List.copyOf(batch));
      if (batch.contains("bad")) {
        throw new IllegalStateException("batch with bad failed");
      }
      return batch.stream().map(String::toUpperCase).collect(Collectors.toList());
    }, BatchObserver.NONE);
  }

  private Future<String> submit(MicroBatcher<String, String> batcher, String item) {
    return pool.submit(() -> batcher.submit(item));
  }

  private static void awaitQueued(MicroBatcher<?, ?> batcher, int items) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (batcher.queued() != items) {
      assertThat(System.nanoTime()).as("waiting for %d queued items", items).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void fourCallers_maxBatchFour_runAsOneBatch_eachGettingItsOwnResult() throws Exception {
    MicroBatcher<String, String> batcher = batcher(BatchingConfig.maxBatch(4).maxDelay(FOREVER));
    List<Future<String>> results = new ArrayList<>();
    for (String item : List.of("a", "b", "c", "d")) {
      results.add(submit(batcher, item));
    }

    assertThat(results.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(results.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("B");
    assertThat(results.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("C");
    assertThat(results.get(3).get(10, TimeUnit.SECONDS)).isEqualTo("D");
    assertThat(batches).hasSize(1);
    assertThat(batches.peek()).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(batcher.queued()).isZero();
  }

  @Test
  void maxDelayZero_runsWhatIsWaitingAtOnce() {
    MicroBatcher<String, String> batcher = batcher(BatchingConfig.maxBatch(32).maxDelay(Duration.ZERO));

    assertThat(batcher.submit("x")).isEqualTo("X");
    assertThat(batches).containsExactly(List.of("x"));
  }

  @Test
  void thirtyTwoConcurrentCallers_eachGetTheirOwnResult_inBatchesOfAtMostMaxBatch() throws Exception {
    MicroBatcher<String, String> batcher =
        batcher(BatchingConfig.maxBatch(8).maxDelay(Duration.ofMillis(20)));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String item = (i % 2 == 0 ? "b1-" : "b0-") + i;
      results.add(pool.submit(() -> {
        start.await();
        return batcher.submit(item);
      }));
    }
    start.countDown();

    for (int i = 0; i < 32; i++) {
      assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo((i % 2 == 0 ? "B1-" : "B0-") + i);
    }
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(32);
    assertThat(batches).allSatisfy(batch -> {
      assertThat(batch).hasSizeLessThanOrEqualTo(8);
      // one bucket per batch
      assertThat(batch.stream().map(item -> item.substring(0, 2)).distinct()).hasSize(1);
    });
  }

  @Test
  void fullQueue_rejectsAtOnce_andTheWaitingItemsStillRun() throws Exception {
    MicroBatcher<String, String> batcher = batcher(BatchingConfig.maxBatch(4).maxDelay(FOREVER).maxQueue(2));
    AtomicReference<Thread> leader = new AtomicReference<>();
    Future<String> first = pool.submit(() -> {
      leader.set(Thread.currentThread());
      return batcher.submit("a");
    });
    awaitQueued(batcher, 1);
    Future<String> second = submit(batcher, "b");
    awaitQueued(batcher, 2);

    assertThatThrownBy(() -> batcher.submit("c"))
        .isInstanceOf(ModelOverloadedException.class)
        .hasMessage("model 'encoder' refused a call (overloaded): the batch queue is full (2 waiting)");

    leader.get().interrupt(); // the leader stops waiting for a full batch and runs what it has
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("B");
    assertThat(batches).containsExactly(List.of("a", "b"));
  }

  @Test
  void aFailingBatch_failsExactlyItsCallers_andNotTheNext() throws Exception {
    MicroBatcher<String, String> batcher = batcher(BatchingConfig.maxBatch(2).maxDelay(FOREVER));
    Future<String> bad = submit(batcher, "bad");
    awaitQueued(batcher, 1);
    Future<String> neighbour = submit(batcher, "x");
    Future<String> otherBucket = submit(batcher, "b1-y");
    Future<String> otherBucketToo = submit(batcher, "b1-z");

    assertThat(otherBucket.get(10, TimeUnit.SECONDS)).isEqualTo("B1-Y");
    assertThat(otherBucketToo.get(10, TimeUnit.SECONDS)).isEqualTo("B1-Z");
    for (Future<String> failed : List.of(bad, neighbour)) {
      assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("batch with bad failed");
    }
    Future<String> after = submit(batcher, "p");
    Future<String> afterToo = submit(batcher, "q");
    assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("P");
    assertThat(afterToo.get(10, TimeUnit.SECONDS)).isEqualTo("Q");
  }

  @Test
  void anObserverThrowingAnError_failsItsBatch_withoutStrandingTheFollower() throws Exception {
    AtomicBoolean thrown = new AtomicBoolean();
    MicroBatcher<String, String> batcher = new MicroBatcher<>("encoder",
        BatchingConfig.maxBatch(2).maxDelay(FOREVER), item -> 0,
        batch -> batch.stream().map(String::toUpperCase).collect(Collectors.toList()),
        new BatchObserver() {
          @Override
          public void batch(int items) {
            if (thrown.compareAndSet(false, true)) {
              throw new AssertionError("planted");
            }
          }
        });
    Future<String> first = submit(batcher, "a");
    awaitQueued(batcher, 1);
    Future<String> second = submit(batcher, "b");

    List<Throwable> causes = new ArrayList<>();
    for (Future<String> call : List.of(first, second)) {
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)) // not a TimeoutException
          .isInstanceOf(ExecutionException.class)
          .satisfies(e -> causes.add(e.getCause()));
    }
    assertThat(causes).extracting(Throwable::getMessage).containsExactlyInAnyOrder("planted",
        "a batch of model 'encoder' failed with java.lang.AssertionError: planted");
    Future<String> after = submit(batcher, "p");
    Future<String> afterToo = submit(batcher, "q");
    assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("P");
    assertThat(afterToo.get(10, TimeUnit.SECONDS)).isEqualTo("Q");
  }

  @Test
  void aRunnerReturningTheWrongCount_failsTheBatchWithANamedError() {
    MicroBatcher<String, String> batcher = new MicroBatcher<>("encoder",
        BatchingConfig.maxBatch(4).maxDelay(Duration.ZERO), item -> 0, batch -> List.of(), BatchObserver.NONE);

    assertThatThrownBy(() -> batcher.submit("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the batch runner of model 'encoder' returned 0 results for 1 items");
  }

  @Test
  void settings_areCheckedAtOnce() {
    assertThatThrownBy(() -> BatchingConfig.maxBatch(0))
        .hasMessage("maxBatch must be > 0, but was 0");
    assertThatThrownBy(() -> BatchingConfig.maxBatch(4).maxQueue(0))
        .hasMessage("maxQueue must be > 0, but was 0");
    assertThatThrownBy(() -> BatchingConfig.maxBatch(4).maxDelay(Duration.ofMillis(-1)))
        .hasMessage("maxDelay must be >= 0, but was PT-0.001S");
    assertThat(BatchingConfig.maxBatch(4).maxQueue()).isEqualTo(64);
    assertThat(BatchingConfig.maxBatch(4).maxDelay()).isEqualTo(Duration.ofMillis(2));
  }
}
