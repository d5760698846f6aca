package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.metrics.DriftMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The score gauges follow the versions that serve: each version's series shows its own report. */
class DriftGaugesPerVersionTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DriftMonitor monitor = new DriftMonitor("ranker",
      DriftConfig.builder().features("features", List.of("price")).baseline(Baseline.capture(200))
          .windowSamples(200).subWindows(1).build(), List.of());
  private final DriftMeters meters = DriftMeters.register(registry, "ranker", "1", monitor);
  private final Random random = new Random(4);

  @AfterEach
  void close() {
    meters.close();
    monitor.close();
  }

  @Test
  void eachVersionGetsItsOwnSeries_fromItsFirstCall_untilItIsEvicted() throws Exception {
    monitor.awaitIdle();
    assertThat(versionsWithGauges()).containsExactly("1");
    assertThat(ks("1")).isNaN(); // built, no window yet

    feed(DriftData.V1, 0);       // baseline of version 1
    feed(DriftData.V1, 3);       // a drifted window
    feed(DriftData.V2, 0);       // version 2 swapped in: its own baseline
    feed(DriftData.V2, 0);       // and a window like it
    monitor.awaitIdle();

    assertThat(versionsWithGauges()).containsExactlyInAnyOrder("1", "2");
    assertThat(ks("1")).isEqualTo(monitor.report("1").feature("price").orElseThrow().ks())
        .isGreaterThan(0.5);
    assertThat(ks("2")).isEqualTo(monitor.report("2").feature("price").orElseThrow().ks())
        .isLessThan(0.2);
    assertThat(monitor.samples("2", "price")).isEqualTo(200);

    feed(DriftData.version("3", 'c'), 0);
    feed(DriftData.V1, 0);                // version 1 serves again (a rollback)
    feed(DriftData.version("4", 'd'), 0); // 3 versions kept: the least recently served, 2, goes
    monitor.awaitIdle();
    assertThat(versionsWithGauges()).containsExactlyInAnyOrder("1", "3", "4");
    assertThat(samplesSeries()).containsExactlyInAnyOrder("1", "3", "4");
    assertThat(monitor.report("2").status()).isEqualTo(DriftReport.Status.CAPTURING_BASELINE);
    assertThat(ks("1")).isEqualTo(monitor.report("1").feature("price").orElseThrow().ks());

    feed(DriftData.V2, 0); // version 2 back: its series return, version 3 goes
    monitor.awaitIdle();
    assertThat(versionsWithGauges()).containsExactlyInAnyOrder("1", "2", "4");
    assertThat(ks("2")).isNaN(); // a new baseline is being captured

    meters.close();
    assertThat(registry.find("monitored.inference.drift.score").gauges()).isEmpty();
    assertThat(registry.find("monitored.inference.drift.samples").gauges()).isEmpty();
    assertThat(registry.find("monitored.inference.drift.dropped").functionCounters()).isEmpty();
    assertThat(registry.find("monitored.inference.drift.shed").functionCounters()).isEmpty();
  }

  @Test
  void theBuiltVersionsSeries_goWhenAnotherVersionServesFirst() throws Exception {
    feed(DriftData.V2, 0);
    monitor.awaitIdle();
    assertThat(versionsWithGauges()).containsExactly("2");
  }

  @Test
  void aWatcherThatThrows_isCounted_andTheVersionIsStillKept() throws Exception {
    monitor.watchVersions(new DriftMonitor.VersionWatcher() {
      @Override
      public void kept(String version) {
        throw new IllegalStateException("planted");
      }

      @Override
      public void dropped(String version) {}
    });
    feed(DriftData.V1, 0);
    feed(DriftData.V1, 0);
    monitor.awaitIdle();
    assertThat(monitor.listenerFailures()).isEqualTo(1);
    assertThat(monitor.report("1").windowSamples()).isEqualTo(200);
    assertThat(ks("1")).isEqualTo(monitor.report("1").feature("price").orElseThrow().ks());
  }

  private void feed(ModelVersion version, double shift) {
    float[] values = new float[200];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() + shift);
    }
    monitor.offer(DriftData.sample(version, values, 1, 200));
  }

  private Set<String> versionsWithGauges() {
    return registry.find("monitored.inference.drift.score").gauges().stream()
        .map(gauge -> gauge.getId().getTag("model.version")).collect(Collectors.toSet());
  }

  private Set<String> samplesSeries() {
    return registry.find("monitored.inference.drift.samples").gauges().stream()
        .map(gauge -> gauge.getId().getTag("model.version")).collect(Collectors.toSet());
  }

  private double ks(String version) {
    Gauge gauge = registry.get("monitored.inference.drift.score")
        .tags("model.version", version, "feature", "price", "method", "ks").gauge();
    return gauge.value();
  }
}
