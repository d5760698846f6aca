package dev.monitoredinference.resources;

import static dev.monitoredinference.resources.FakeProcessMemory.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.health.HealthStatus;
import org.junit.jupiter.api.Test;

class MemoryHeadroomTest {
  private final FakeProcessMemory memory = new FakeProcessMemory();

  private HealthStatus health(ResourceConfig.Builder config) {
    return MemoryHeadroom.of(config.memory(memory).build()).health();
  }

  @Test
  void residentBelowTheHeadroom_isUp() {
    memory.resident(800 * MIB).heap(100 * MIB, 1000 * MIB);
    assertThat(health(ResourceConfig.builder().residentMemoryLimit(1000 * MIB)))
        .isEqualTo(HealthStatus.up());
  }

  @Test
  void residentAboveTheLimitLessHeadroom_isDegradedWithTheFigures() {
    memory.resident(950 * MIB).heap(100 * MIB, 1000 * MIB);
    HealthStatus status = health(ResourceConfig.builder().residentMemoryLimit(1000 * MIB));
    assertThat(status.state()).isEqualTo(HealthState.DEGRADED);
    assertThat(status.reasons()).containsExactly("resident memory 950.0 MiB of 1000.0 MiB leaves"
        + " 5.0% free, below the configured 10.0%");
    assertThat(status.isReady()).isTrue();
  }

  @Test
  void residentOverTheLimit_reportsZeroFree() {
    memory.resident(1100 * MIB);
    assertThat(health(ResourceConfig.builder().residentMemoryLimit(1000 * MIB)).reasons())
        .containsExactly("resident memory 1100.0 MiB of 1000.0 MiB leaves 0.0% free, below the"
            + " configured 10.0%");
  }

  @Test
  void heapAfterCollectionNearMax_isDegradedEvenWithoutAResidentLimit() {
    memory.resident(5000 * MIB).heap(900 * MIB, 1000 * MIB);
    HealthStatus status = health(ResourceConfig.builder().minHeadroom(0.2));
    assertThat(status.state()).isEqualTo(HealthState.DEGRADED);
    assertThat(status.reasons()).containsExactly("heap after the last collection 900.0 MiB of"
        + " 1000.0 MiB leaves 10.0% free, below the configured 20.0%");
  }

  @Test
  void headroomExactlyAtTheConfiguredLevel_isStillUp() {
    memory.resident(900 * MIB).heap(800 * MIB, 1000 * MIB);
    assertThat(health(ResourceConfig.builder().residentMemoryLimit(1000 * MIB).minHeadroom(0.2)))
        .isEqualTo(HealthStatus.degraded("resident memory 900.0 MiB of 1000.0 MiB leaves 10.0% free,"
            + " below the configured 20.0%"));
    memory.resident(900 * MIB);
    assertThat(health(ResourceConfig.builder().residentMemoryLimit(1000 * MIB).minHeadroom(0.1)))
        .isEqualTo(HealthStatus.up());
  }

  @Test
  void bothBreached_giveOneReasonEach_residentFirst() {
    memory.resident(990 * MIB).heap(990 * MIB, 1000 * MIB);
    assertThat(health(ResourceConfig.builder().residentMemoryLimit(1000 * MIB)).reasons())
        .containsExactly(
            "resident memory 990.0 MiB of 1000.0 MiB leaves 1.0% free, below the configured 10.0%",
            "heap after the last collection 990.0 MiB of 1000.0 MiB leaves 1.0% free, below the"
                + " configured 10.0%");
  }

  @Test
  void unknownResidentAndNoHeapLimit_judgeNothing() {
    memory.heap(999 * MIB, -1);
    assertThat(health(ResourceConfig.builder().residentMemoryLimit(1000 * MIB)))
        .isEqualTo(HealthStatus.up());
  }

  @Test
  void config_refusesBadValues_namingThem() {
    assertThatThrownBy(() -> ResourceConfig.builder().minHeadroom(1.0))
        .hasMessage("minHeadroom must be > 0 and < 1, but was 1.0");
    assertThatThrownBy(() -> ResourceConfig.builder().residentMemoryLimit(0))
        .hasMessage("residentMemoryLimit must be > 0, but was 0");
    assertThatThrownBy(() -> ResourceConfig.builder().gpuPollInterval(java.time.Duration.ofMillis(10)))
        .hasMessage("gpuPollInterval must be >= 1s, but was PT0.01S");
  }
}
