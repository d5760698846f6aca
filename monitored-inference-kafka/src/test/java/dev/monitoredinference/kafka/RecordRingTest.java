package dev.monitoredinference.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordRingTest {
  @Test
  void holdsExactlyItsCapacity_evenWhenThatIsNoPowerOfTwo_andFreesSlotsAsTheyAreTaken() {
    RecordRing<Integer> ring = new RecordRing<>(3);
    assertThat(ring.isEmpty()).isTrue();
    assertThat(ring.offer(1)).isTrue();
    assertThat(ring.offer(2)).isTrue();
    assertThat(ring.offer(3)).isTrue();
    assertThat(ring.offer(4)).isFalse();

    List<Integer> taken = new ArrayList<>();
    assertThat(ring.drainTo(taken, 2)).isEqualTo(2);
    assertThat(ring.offer(5)).isTrue();
    assertThat(ring.offer(6)).isTrue();
    assertThat(ring.offer(7)).isFalse();
    assertThat(ring.drainTo(taken, 10)).isEqualTo(3);

    assertThat(taken).containsExactly(1, 2, 3, 5, 6);
    assertThat(ring.isEmpty()).isTrue();
    assertThat(ring.drainTo(taken, 10)).isZero();
  }

  @Test
  void clear_discardsAndCountsWhatIsStored() {
    RecordRing<String> ring = new RecordRing<>(8);
    for (int i = 0; i < 5; i++) {
      ring.offer("r" + i);
    }
    assertThat(ring.clear()).isEqualTo(5);
    assertThat(ring.isEmpty()).isTrue();
    assertThat(ring.offer("again")).isTrue();
    assertThat(ring.clear()).isEqualTo(1);
  }

  @Test
  void aCapacityOutOfRange_isRefused() {
    assertThatThrownBy(() -> new RecordRing<>(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be in [1, 2^30], but was 0");
  }

  /** With nobody taking, racing producers get exactly the capacity in, never one more. */
  @Test
  void racingProducers_fillExactlyTheCapacity() throws Exception {
    for (int round = 0; round < 200; round++) {
      RecordRing<Integer> ring = new RecordRing<>(37);
      AtomicInteger accepted = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        Thread thread = new Thread(() -> {
          awaitQuietly(start);
          for (int i = 0; i < 20; i++) {
            if (ring.offer(i)) {
              accepted.incrementAndGet();
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }

      assertThat(accepted).as("round %d", round).hasValue(37);
      assertThat(ring.clear()).isEqualTo(37);
    }
  }

  /**
   * Four producers race one consumer through a small ring: every offer that was accepted arrives
   * exactly once, each producer's in its order, and accepted plus refused is what was offered.
   */
  @Test
  void manyProducersAndOneConsumer_loseNothingAccepted_andKeepEachProducersOrder() throws Exception {
    int producers = 4;
    int each = 200_000;
    RecordRing<long[]> ring = new RecordRing<>(100);
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread thread = new Thread(() -> {
        awaitQuietly(start);
        for (int i = 0; i < each; i++) {
          if (!ring.offer(new long[] {producer, i})) {
            refused.incrementAndGet();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    long[] last = {-1, -1, -1, -1};
    int[] received = new int[producers];
    List<long[]> batch = new ArrayList<>();
    start.countDown();
    boolean producing = true;
    while (producing || !ring.isEmpty()) {
      producing = threads.stream().anyMatch(Thread::isAlive); // read before the drain below
      batch.clear();
      ring.drainTo(batch, 64);
      for (long[] record : batch) {
        int producer = (int) record[0];
        assertThat(record[1]).as("producer %d's order", producer).isGreaterThan(last[producer]);
        last[producer] = record[1];
        received[producer]++;
      }
    }
    for (Thread thread : threads) {
      thread.join();
    }

    int total = 0;
    for (int count : received) {
      total += count;
    }
    assertThat(total + refused.get()).isEqualTo(producers * each);
    assertThat(total).isPositive();
    assertThat(refused.get()).isPositive(); // the ring was full at times: the bound was exercised
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
