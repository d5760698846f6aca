package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reuse, the bound on idle scratch, and closing. */
class RunScratchPoolTest {
  @Test
  void scratchGivenBack_isTakenAgain_upToTheSlots_andClosedWithThePool() throws Exception {
    RunScratchPool pool = new RunScratchPool();
    RunScratch first = pool.take();
    pool.giveBack(first);
    assertThat(pool.take()).isSameAs(first);

    List<RunScratch> taken = new ArrayList<>(List.of(first));
    for (int i = 1; i < RunScratchPool.SLOTS + 4; i++) {
      taken.add(pool.take());
    }
    assertThat(taken).doesNotHaveDuplicates();
    taken.forEach(pool::giveBack);
    assertThat(pool.idle()).isEqualTo(RunScratchPool.SLOTS); // the other 4 were closed

    List<RunScratch> again = new ArrayList<>();
    for (int i = 0; i < RunScratchPool.SLOTS; i++) {
      again.add(pool.take());
    }
    assertThat(taken).containsAll(again);
    assertThat(pool.idle()).isZero();
    again.forEach(pool::giveBack);

    pool.close();
    assertThat(pool.idle()).isZero();
    pool.giveBack(pool.take()); // a call ending after the runtime closed: its scratch is closed, not kept
    assertThat(pool.idle()).isZero();
  }
}
