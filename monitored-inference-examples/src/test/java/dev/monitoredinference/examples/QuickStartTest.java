package dev.monitoredinference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.runtime.DevicePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
  @Test
  void quickStart_runsAndReportsProviderCountsAndPercentiles(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // cpuOnly here: the CUDA fallback is covered once, in core's DeviceFallbackTest.
    MeterRegistry registry = QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        DevicePolicy.cpuOnly(), 50, dir);
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(QuickStart.requestTimer(registry, ErrorType.NONE).count()).isEqualTo(50);
    assertThat(QuickStart.requestTimer(registry, ErrorType.INVALID_INPUT).count()).isEqualTo(1);
    assertThat(out)
        .contains("  running on     cpu\n")
        .contains("  fallback       none\n")
        .contains("input 'features' breaks rule dtype: expected float, got double")
        .contains("    calls error.type=none            50\n")
        .contains("    calls error.type=invalid_input   1\n")
        .containsPattern("request\\.duration  p50 \\d+\\.\\d{3} ms  p95 \\d+\\.\\d{3} ms  p99 \\d+\\.\\d{3} ms  \\(n=50\\)");
  }
}
