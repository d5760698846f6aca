package dev.monitoredinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.onnx.OnnxOptions;
import dev.monitoredinference.runtime.DevicePolicy;
import dev.monitoredinference.testing.FakeModelRuntime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuilderValidationTest {
  @Test
  void eachArgument_isCheckedAtOnceWithItsNameAndValue() {
    assertThatThrownBy(() -> MonitoredModel.builder(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank, but was ' '");
    assertThatThrownBy(() -> DevicePolicy.preferGpu(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("deviceId must be >= 0, but was -1");
    assertThatThrownBy(() -> OnnxOptions.builder().intraOpThreads(-2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("intraOpThreads must be >= 0, but was -2");
    assertThatThrownBy(() -> OnnxOptions.builder().gpuMemoryLimit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gpuMemoryLimit must be > 0 bytes, but was 0");
    assertThatThrownBy(() -> OnnxOptions.builder().cudaOption("gpu_mem_limit", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gpu_mem_limit'");
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").modelBytes(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bytes must not be empty");
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").modelFile(null))
        .isInstanceOf(NullPointerException.class).hasMessage("path");
  }

  @Test
  void sourceConflicts_areReportedAtBuild() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' needs exactly one of modelFile, modelBytes, modelResource, source,"
            + " repository or runtime, but 0 were given");
    assertThatThrownBy(() -> MonitoredModel.builder("ranker")
            .modelFile(Path.of("a.onnx")).runtime(Fakes.summingRanker()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("but 2 were given");
  }

  @Test
  void aBuildThatFailsAfterLoading_closesTheRuntime() {
    FakeModelRuntime runtime = Fakes.summingRanker();
    SimpleMeterRegistry refusing = new SimpleMeterRegistry();
    refusing.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        throw new IllegalStateException("registry refuses " + id.getName());
      }
    });
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(runtime).metrics(refusing).build())
        .hasMessageStartingWith("registry refuses monitored.inference.");
    assertThat(runtime.closes()).isEqualTo(1);
  }

  @Test
  void aLoadedRuntime_excludesLoadSettings() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
            .device(DevicePolicy.requireGpu(0)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' was given a loaded runtime, so device, onnxOptions and loader"
            + " cannot apply; set them where the runtime is loaded");
  }

  @Test
  void twoLiveModelsOfOneName_cannotShareARegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MonitoredModel first = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).metrics(registry).build();
    FakeModelRuntime second = Fakes.summingRanker();
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(second).metrics(registry).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a model named 'ranker' is already live in this registry; close it first or give"
            + " this one another name");
    assertThat(second.closes()).isEqualTo(1);
    first.close();
    MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).metrics(registry).build().close();
  }

  @Test
  void aBuildThatFailsAfterLoading_isNotCountedAsASuccessfulLoad() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
            .validate(dev.monitoredinference.validation.InputSchema.fromModel().range("featurez", 0, 1))
            .metrics(registry).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.find("monitored.inference.model.loads").tag("outcome", "success").counter()).isNull();
    MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).metrics(registry).build().close();
    assertThat(registry.get("monitored.inference.model.loads").tag("outcome", "success").counter().count())
        .isEqualTo(1);
  }

  @Test
  void cpuOnly_hasNoDeviceId() {
    assertThatThrownBy(() -> DevicePolicy.cpuOnly().deviceId())
        .isInstanceOf(IllegalStateException.class).hasMessage("cpuOnly() has no device id");
  }
}
