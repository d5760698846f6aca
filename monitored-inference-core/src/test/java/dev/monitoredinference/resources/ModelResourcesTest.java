package dev.monitoredinference.resources;

import static dev.monitoredinference.resources.FakeProcessMemory.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Fakes;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.health.HealthStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code MonitoredModelBuilder.resources(...)}: native memory per version, and headroom health. */
class ModelResourcesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static MonitoredModelBuilder ranker(FakeProcessMemory memory, ResourceConfig.Builder config) {
    return MonitoredModel.builder("ranker")
        .modelBytes(new byte[] {1})
        .loader(request -> Fakes.summingRanker())
        .resources(config.memory(memory).build());
  }

  @Test
  void theResidentGrowthAroundALoad_isKeptOnTheVersion_andExportedPerVersion() {
    FakeProcessMemory memory = new FakeProcessMemory().resident(100 * MIB, 160 * MIB, 170 * MIB);
    try (MonitoredModel model = ranker(memory, ResourceConfig.builder()).metrics(registry).build()) {
      assertThat(model.version().nativeMemoryAtLoad()).isEqualTo(OptionalLong.of(60 * MIB));
      assertThat(registry.get("monitored.inference.model.native.memory")
          .tags("model", "ranker", "model.version", "7").gauge().value()).isEqualTo(60.0 * MIB);
      assertThat(model.predict(Fakes.ONE_ROW).output("score").floatArray())
          .containsExactly(0.8f);
    }
    assertThat(registry.find("monitored.inference.model.native.memory").gauge()).isNull();
  }

  @Test
  void residentMemoryThatShrankDuringTheLoad_attributesNothing() {
    FakeProcessMemory memory = new FakeProcessMemory().resident(300 * MIB, 250 * MIB);
    try (MonitoredModel model = ranker(memory, ResourceConfig.builder()).build()) {
      assertThat(model.version().nativeMemoryAtLoad()).isEqualTo(OptionalLong.of(0));
    }
  }

  @Test
  void withoutResources_orWithoutResidentFigures_nothingIsMeasured() {
    try (MonitoredModel plain = MonitoredModel.builder("ranker").modelBytes(new byte[] {1})
        .loader(request -> Fakes.summingRanker()).metrics(registry).build()) {
      assertThat(plain.version().nativeMemoryAtLoad()).isEmpty();
      assertThat(registry.find("monitored.inference.model.native.memory").gauge()).isNull();
    }
    try (MonitoredModel unmeasured = ranker(new FakeProcessMemory(), ResourceConfig.builder()).build()) {
      assertThat(unmeasured.version().nativeMemoryAtLoad()).isEmpty();
    }
  }

  @Test
  void memoryHeadroomBelowTheConfiguredLevel_degradesTheModel_withTheReason() {
    FakeProcessMemory memory = new FakeProcessMemory().resident(500 * MIB).heap(10 * MIB, 100 * MIB);
    try (MonitoredModel model = ranker(memory,
        ResourceConfig.builder().residentMemoryLimit(1000 * MIB).minHeadroom(0.25)).build()) {
      assertThat(model.health()).isEqualTo(HealthStatus.up());
      memory.resident(800 * MIB);
      HealthStatus status = model.health();
      assertThat(status.state()).isEqualTo(HealthState.DEGRADED);
      assertThat(status.reasons()).containsExactly("resident memory 800.0 MiB of 1000.0 MiB leaves"
          + " 20.0% free, below the configured 25.0%");
    }
  }
}
