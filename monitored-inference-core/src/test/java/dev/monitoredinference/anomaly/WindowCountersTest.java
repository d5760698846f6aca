package dev.monitoredinference.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The hot-path counters, the window close and the latency buckets. */
class WindowCountersTest {
  private final WindowCounters counters = new WindowCounters();

  @Test
  void close_splitsCallsBySuccessFailureAndInvalidInput_andResets() {
    for (int i = 0; i < 7; i++) {
      counters.record(ErrorType.NONE, 4_000_000);
    }
    counters.record(ErrorType.RUNTIME_ERROR, 1);
    counters.record(ErrorType.OVERLOADED, 1);
    counters.record(ErrorType.INVALID_OUTPUT, 1);
    counters.record(ErrorType.INVALID_INPUT, 1);

    WindowAggregate window = counters.close();
    assertThat(window.succeeded()).isEqualTo(7);
    assertThat(window.failed()).isEqualTo(3);
    assertThat(window.invalid()).isEqualTo(1);
    assertThat(window.calls()).isEqualTo(11);
    assertThat(window.errorRatio()).isEqualTo(0.3);

    WindowAggregate next = counters.close();
    assertThat(next.calls()).isZero();
    assertThat(next.errorRatio()).isNaN();
    assertThat(next.p95Seconds()).isNaN();
  }

  @Test
  void p95_isInterpolatedInsideItsQuarterOctaveBucket() {
    for (int i = 0; i < 100; i++) {
      counters.record(ErrorType.NONE, 4_000_000); // bucket [7·2^19, 8·2^19) ns
    }
    assertThat(counters.close().p95Seconds())
        .isCloseTo((7 * 524_288 + 0.95 * 524_288) / 1e9, within(1e-15));
  }

  @Test
  void buckets_areContiguous_andAtMostAQuarterWide() {
    for (int i = 1; i < LatencyHistogram.BUCKETS - 1; i++) {
      long lower = LatencyHistogram.lowerBound(i);
      long upper = LatencyHistogram.lowerBound(i + 1);
      assertThat(LatencyHistogram.bucket(lower)).isEqualTo(i);
      assertThat(LatencyHistogram.bucket(upper - 1)).isEqualTo(i);
      assertThat((double) (upper - lower) / lower).isLessThanOrEqualTo(0.25);
    }
    assertThat(LatencyHistogram.bucket(0)).isZero();
    assertThat(LatencyHistogram.bucket(-5)).isZero();
    assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
  }

  @Test
  void p95_ofTheOverflowBucket_isItsLowerBound() {
    long[] counts = new long[LatencyHistogram.BUCKETS];
    counts[LatencyHistogram.BUCKETS - 1] = 10;
    assertThat(LatencyHistogram.quantileSeconds(counts, 0.95)).isEqualTo((1L << 38) / 1e9);
  }

  @Test
  void callsRacingWithCloses_areEachCountedInExactlyOneWindow() {
    int threads = 4;
    int callsEach = 200_000;
    AtomicBoolean recording = new AtomicBoolean(true);
    // The first caller waits half-way for the first close, so that at least one close always
    // falls among the calls (on a fast machine all calls could otherwise end before it).
    CountDownLatch firstClose = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ErrorType outcome = t % 2 == 0 ? ErrorType.NONE : ErrorType.RUNTIME_ERROR;
      boolean waits = t == 0;
      callers.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < callsEach; i++) {
          if (waits && i == callsEach / 2) {
            awaitQuietly(firstClose);
          }
          counters.record(outcome, 4_000_000);
        }
      }, pool));
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(callers.toArray(new CompletableFuture[0]))
        .whenComplete((done, failure) -> recording.set(false));
    long succeeded = 0;
    long failed = 0;
    int windows = 0;
    do {
      WindowAggregate window = counters.close();
      succeeded += window.succeeded();
      failed += window.failed();
      windows++;
      firstClose.countDown();
    } while (recording.get());
    all.join();
    pool.shutdown();
    WindowAggregate last = counters.close();
    assertThat(succeeded + last.succeeded()).isEqualTo(2L * callsEach);
    assertThat(failed + last.failed()).isEqualTo(2L * callsEach);
    assertThat(windows).isPositive();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
