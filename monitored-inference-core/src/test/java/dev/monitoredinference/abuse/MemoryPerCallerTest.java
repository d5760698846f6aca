package dev.monitoredinference.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caller table is bounded, and each tracked caller costs what the guide states. */
class MemoryPerCallerTest {
  @Test
  void theTable_keepsAtMostMaxCallers() {
    AbuseMonitor monitor = AbuseMonitor.synchronous("ranker", AbuseConfig.ofDefaults().maxCallers(1_000), List.of());
    InferenceInterceptor link = monitor.interceptor("ranker");
    for (int i = 0; i < 5_000; i++) {
      FakeChain.call(link, row(i), CallerId.of("caller-" + i), false);
    }
    assertThat(monitor.trackedCallers()).isEqualTo(1_000);
  }

  /**
   * 20,000 callers with full histories (40 distinct queries each) measured on the heap: between
   * 1.2 and 2 KB each (1,520 bytes measured on the development VM; the guide says about 1.5 KB).
   */
  @Test
  void aFullCaller_costsAbout1point5Kilobytes() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    AbuseMonitor monitor = AbuseMonitor.synchronous("ranker", AbuseConfig.ofDefaults(), List.of());
    InferenceInterceptor link = monitor.interceptor("ranker");
    CallerId[] callers = new CallerId[20_000];
    for (int i = 0; i < callers.length; i++) {
      callers[i] = CallerId.of("caller-" + i);
    }
    long afterIds = usedAfterGc(memory);
    for (int q = 0; q < 40; q++) {
      for (int i = 0; i < callers.length; i++) {
        FakeChain.call(link, row(i * 40 + q), callers[i], false);
      }
    }
    long after = usedAfterGc(memory);
    assertThat(monitor.trackedCallers()).isEqualTo(20_000);
    double perCaller = (after - afterIds) / (double) callers.length;
    System.out.printf("abuse detection: %.0f bytes per tracked caller (ids: %.0f bytes each, held by the test)%n",
        perCaller, (afterIds - before) / (double) callers.length);
    assertThat(perCaller).isBetween(1_200.0, 2_000.0);
    assertThat(monitor.isEnabled()).isTrue(); // keeps the monitor reachable until measured
  }

  private static Inputs row(int seed) {
    float[] features = new float[8];
    for (int j = 0; j < features.length; j++) {
      features[j] = ((seed * 31 + j * 17) % 97) / 97f;
    }
    return Inputs.of("features", Tensor.ofFloats(features, 1, 8));
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
