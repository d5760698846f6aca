package dev.monitoredinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.runtime.DeviceUnavailableException;
import dev.monitoredinference.runtime.ExecutionProvider;
import dev.monitoredinference.runtime.FallbackReason;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The device policies against the real GPU build of ONNX Runtime on a machine without a GPU, where
 * asking for CUDA fails with "Failed to load shared library". Each CUDA request extracts the
 * ~580 MB provider library, so these few tests share one JVM with the rest of the suite.
 */
class DeviceFallbackTest {
  private static final byte[] MODEL = TestModels.linearScorer(new float[] {1f, 2f}, 0.5f);

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger loaderLog = (Logger) LoggerFactory.getLogger(OnnxModelLoader.class);

  private static final boolean GPU = Files.exists(Path.of("/dev/nvidia0"));

  @BeforeEach
  void captureLogs() {
    logs.start();
    loaderLog.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    loaderLog.detachAppender(logs);
  }

  @Test
  void preferGpu_withoutCuda_fallsBackToCpuAndSaysSo() {
    assumeFalse(GPU, "this machine has a GPU: no fallback");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MonitoredModel model =
        MonitoredModel.builder("ranker")
            .modelBytes(MODEL)
            .device(DevicePolicy.preferGpu(0))
            .metrics(registry)
            .build()) {
      assertThat(model.version().executionProvider()).isEqualTo(ExecutionProvider.CPU);
      assertThat(model.version().fallback()).hasValueSatisfying(fallback -> {
        assertThat(fallback.from()).isEqualTo(ExecutionProvider.CUDA);
        assertThat(fallback.to()).isEqualTo(ExecutionProvider.CPU);
        assertThat(fallback.reason()).isEqualTo(FallbackReason.LIBRARY_MISSING);
        assertThat(fallback.cause()).contains("Failed to load");
      });
      assertThat(
              registry.get("monitored.inference.fallbacks")
                  .tags("model", "ranker", "from", "cuda", "to", "cpu", "reason", "library_missing")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      assertThat(registry.get("monitored.inference.model.info").gauge().getId().getTag("execution.provider"))
          .isEqualTo("cpu");
      assertThat(logs.list).singleElement().satisfies(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getFormattedMessage())
            .startsWith("model 'ranker': CUDA device 0 cannot be used (library_missing), falling back to CPU: ")
            .contains("Failed to load");
      });

      float[] score = model.predict(Inputs.of("features", new float[][] {{1f, 1f}})).floatArray("score");
      assertThat(score).containsExactly(3.5f);
    }
  }

  @Test
  void requireGpu_withoutCuda_failsTheBuildWithTheRuntimeErrorAsCause() {
    assumeFalse(GPU, "this machine has a GPU: no failure");
    assertThatThrownBy(
            () -> MonitoredModel.builder("ranker").modelBytes(MODEL).device(DevicePolicy.requireGpu(0)).build())
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageStartingWith("model 'ranker' requires requireGpu(0), but CUDA cannot be used (library_missing): ")
        .hasCauseInstanceOf(OrtException.class)
        .satisfies(e -> assertThat(((DeviceUnavailableException) e).reason())
            .isEqualTo(FallbackReason.LIBRARY_MISSING));
    assertThat(logs.list).isEmpty();
  }

  @Test
  void preferGpu_onAGpuHost_runsOnCudaWithoutFallback() {
    assumeTrue(GPU, "no GPU on this machine");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MonitoredModel model = MonitoredModel.builder("ranker").modelBytes(MODEL)
        .device(DevicePolicy.requireGpu(0)).metrics(registry).build()) {
      assertThat(model.version().executionProvider()).isEqualTo(ExecutionProvider.CUDA);
      assertThat(model.version().fallback()).isEmpty();
      assertThat(registry.find("monitored.inference.fallbacks").counters()).isEmpty();
      assertThat(model.predict(Inputs.of("features", new float[][] {{1f, 1f}})).floatArray("score"))
          .containsExactly(3.5f);
    }
    assertThat(logs.list).isEmpty();
  }

  @Test
  void cpuOnly_neverTouchesCuda() {
    try (MonitoredModel model = MonitoredModel.builder("ranker").modelBytes(MODEL).device(DevicePolicy.cpuOnly()).build()) {
      assertThat(model.version().executionProvider()).isEqualTo(ExecutionProvider.CPU);
      assertThat(model.version().fallback()).isEmpty();
    }
    assertThat(logs.list).isEmpty();
  }
}
