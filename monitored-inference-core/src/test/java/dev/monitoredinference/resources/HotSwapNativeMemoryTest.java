package dev.monitoredinference.resources;

import static dev.monitoredinference.resources.FakeProcessMemory.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Admins;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.VersionPin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each version a hot swap loads is measured on its own; a retired version's gauge goes. */
class HotSwapNativeMemoryTest {
  @TempDir Path root;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private void version(String version, float bias) throws IOException {
    byte[] onnx = TestModels.linearScorer(new float[] {1f, 1f}, bias);
    Path directory = Files.createDirectories(root.resolve("ranker").resolve(version));
    Files.write(directory.resolve("model.onnx"), onnx);
    Files.writeString(directory.resolve("model.sha256"), Digests.sha256(onnx));
  }

  private double nativeMemoryOf(String version) {
    return registry.get("monitored.inference.model.native.memory")
        .tags("model", "ranker", "model.version", version).gauge().value();
  }

  @Test
  void aSwappedInVersion_isMeasuredOnItsOwn_andTheRetiredVersionsGaugeIsRemoved() throws IOException {
    version("1", 1f);
    version("2", 2f);
    // Version 1's load: 100 → 130 MiB; version 2's: 200 → 210 MiB.
    FakeProcessMemory memory = new FakeProcessMemory().resident(100 * MIB, 130 * MIB, 200 * MIB, 210 * MIB);
    try (MonitoredModel model = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.exact("1"))
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops")), AuditLog.inMemory(Clock.systemUTC()))
        .resources(ResourceConfig.builder().memory(memory).build())
        .metrics(registry)
        .build()) {
      assertThat(nativeMemoryOf("1")).isEqualTo(30.0 * MIB);

      model.deployer().deploy(Admins.as("ops"), "2"); // loads (and measures) it
      model.deployer().promote(Admins.as("ops"), "2"); // serves it, retires version 1

      assertThat(model.version().version()).isEqualTo("2");
      assertThat(model.version().nativeMemoryAtLoad()).isEqualTo(OptionalLong.of(10 * MIB));
      assertThat(nativeMemoryOf("2")).isEqualTo(10.0 * MIB);
      assertThat(registry.find("monitored.inference.model.native.memory")
          .tag("model.version", "1").gauge()).isNull();
    }
  }
}
