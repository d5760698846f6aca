package dev.monitoredinference.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SystemProcessMemoryTest {
  @Test
  void vmRss_isReadInKibibytesAndReturnedInBytes() {
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nThreads:\t42\n";
    assertThat(SystemProcessMemory.parseVmRss(status)).isEqualTo(OptionalLong.of(123456L * 1024));
  }

  @Test
  void withoutVmRss_residentMemoryIsUnknown() {
    assertThat(SystemProcessMemory.parseVmRss("Name:\tkthreadd\n")).isEmpty();
  }

  @Test
  void withoutProc_residentMemoryIsUnknown_notAnError() {
    assertThat(new SystemProcessMemory(Path.of("/nonexistent/status")).residentBytes()).isEmpty();
  }

  @Test
  void heap_isReportedByTheRunningJvm() {
    ProcessMemory system = ProcessMemory.system();
    assertThat(system.heapUsedBytes()).isPositive();
    assertThat(system.heapMaxBytes().orElse(0)).isPositive();
  }
}
