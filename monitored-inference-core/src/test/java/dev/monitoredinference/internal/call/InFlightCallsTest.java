package dev.monitoredinference.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The slots, the overflow beyond them, and many threads adding and removing at once. */
class InFlightCallsTest {
  @Test
  void callsBeyondTheSlots_areHeldToo_andEachIsSeenOnce_untilRemoved() {
    InFlightCalls calls = new InFlightCalls();
    List<CallControl> controls = new ArrayList<>();
    for (int i = 0; i < InFlightCalls.SLOTS + 6; i++) {
      CallControl control = CallControl.startingNow(null);
      calls.add(control);
      controls.add(control);
    }
    assertThat(seen(calls)).containsExactlyInAnyOrderElementsOf(controls);
    assertThat(controls.stream().filter(c -> c.inFlightSlot < 0)).hasSize(6);

    List<CallControl> removed = new ArrayList<>();
    for (int i = 0; i < controls.size(); i += 2) { // slots and overflow alike
      calls.remove(controls.get(i));
      removed.add(controls.get(i));
    }
    List<CallControl> left = new ArrayList<>(controls);
    left.removeAll(removed);
    assertThat(seen(calls)).containsExactlyInAnyOrderElementsOf(left);
    assertThat(calls.size()).isEqualTo(left.size());

    CallControl late = CallControl.startingNow(null); // a freed slot is taken again
    calls.add(late);
    assertThat(late.inFlightSlot).isNotNegative();
    left.forEach(calls::remove);
    calls.remove(late);
    assertThat(calls.size()).isZero();
  }

  @Test
  void manyThreadsAddingAndRemoving_leaveNothingBehind_andNeverSeeAForeignSlot() throws Exception {
    InFlightCalls calls = new InFlightCalls();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(threads.submit(() -> {
          int held = 0;
          List<CallControl> mine = new ArrayList<>();
          for (int i = 0; i < 20_000; i++) {
            CallControl control = CallControl.startingNow(null);
            calls.add(control);
            mine.add(control);
            if (mine.size() == 12) { // 8 × 12 = 96 at most: some overflow
              held = Math.max(held, mine.size());
              mine.forEach(calls::remove);
              mine.clear();
            }
          }
          mine.forEach(calls::remove);
          return held;
        }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(12);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(calls.size()).isZero();
    assertThat(seen(calls)).isEmpty();
  }

  private static List<CallControl> seen(InFlightCalls calls) {
    List<CallControl> seen = new ArrayList<>();
    calls.forEach(seen::add);
    return seen;
  }
}
