package dev.monitoredinference.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Admins;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a repository version must prove before it serves: its {@code model.sha256} (required
 * unless the repository opts out) and, for the version built, the builder's {@code expectDigest}.
 */
class RepositoryIntegrityTest {
  /** score = x1 + x2 + bias = 3 + bias. */
  private static final Inputs ROW = Inputs.of("features", new float[][] {{1f, 2f}});

  @TempDir Path root;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountingLoader loader = new CountingLoader(OnnxModelLoader.create());
  private @Nullable MonitoredModel model;

  @AfterEach
  void close() {
    if (model != null) {
      model.close();
    }
  }

  private static byte[] scorer(float bias) {
    return TestModels.linearScorer(new float[] {1f, 1f}, bias);
  }

  /** Writes {@code <root>/ranker/<version>/model.onnx}, and {@code model.sha256} unless null. */
  private Path version(String version, byte[] onnx, @Nullable String sha256) throws IOException {
    Path directory = Files.createDirectories(root.resolve("ranker").resolve(version));
    Files.write(directory.resolve("model.onnx"), onnx);
    if (sha256 != null) {
      Files.writeString(directory.resolve("model.sha256"), sha256);
    }
    return directory.toRealPath();
  }

  private MonitoredModelBuilder builder(ModelRepository repository, VersionPin pin) {
    return MonitoredModel.builder("ranker").repository(repository, pin).loader(loader).metrics(registry);
  }

  private double loads(LoadOutcome outcome) {
    return registry.get("monitored.inference.model.loads")
        .tags("model", "ranker", "outcome", outcome.tagValue()).counter().count();
  }

  private float score() {
    return model.predict(ROW).floatArray("score")[0];
  }

  /** {@code onnx} with one bit of the stored {@code bias} flipped: 5 becomes 5.03125. */
  private static byte[] flipABitOfTheBias(byte[] onnx, float bias) {
    byte[] pattern = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(bias).array();
    for (int i = onnx.length - pattern.length; i >= 0; i--) {
      if (ByteBuffer.wrap(onnx, i, 4).equals(ByteBuffer.wrap(pattern))) {
        byte[] flipped = onnx.clone();
        flipped[i + 2] ^= 0x01; // lowest bit of the mantissa's high byte
        return flipped;
      }
    }
    throw new AssertionError("bias " + bias + " not found in the model");
  }

  @Test
  void aVersionWithoutModelSha256_isRefusedByDefault_beforeItsBytesAreRead() throws IOException {
    Path one = version("1", scorer(1f), null);

    assertThatThrownBy(() -> builder(ModelRepository.directory(root), VersionPin.latest()).build())
        .isExactlyInstanceOf(ModelLoadException.class)
        .hasMessage("model 'ranker' version 1 has no model.sha256 (" + one.resolve("model.sha256")
            + "); refusing to load it unchecked: write the SHA-256 of its model.onnx there, or opt out"
            + " with ModelRepository.allowVersionsWithoutDigest()")
        .satisfies(e -> assertThat(((ModelLoadException) e).outcome()).isEqualTo(LoadOutcome.DIGEST_MISSING));
    assertThat(loads(LoadOutcome.DIGEST_MISSING)).isEqualTo(1);
    assertThat(loader.loaded).isEmpty();
  }

  @Test
  void aVersionWithoutModelSha256_loads_whenTheRepositoryAllowsIt() throws IOException {
    byte[] onnx = scorer(1f);
    version("1", onnx, null);

    model = builder(ModelRepository.directory(root).allowVersionsWithoutDigest(), VersionPin.latest()).build();

    assertThat(model.version().version()).isEqualTo("1");
    assertThat(model.version().digest()).isEqualTo(Digests.sha256(onnx));
    assertThat(score()).isEqualTo(4f);
    assertThat(loads(LoadOutcome.SUCCESS)).isEqualTo(1);
  }

  @Test
  void aSingleBitFlip_thatStillServes_isRefusedByItsModelSha256() throws IOException {
    byte[] good = scorer(5f);
    byte[] flipped = flipABitOfTheBias(good, 5f);
    try (MonitoredModel unchecked = MonitoredModel.builder("unchecked").modelBytes(flipped).build()) {
      assertThat(unchecked.predict(ROW).floatArray("score")).containsExactly(8.03125f); // silently wrong
    }
    Path one = version("1", flipped, Digests.sha256(good)); // written before the flip

    assertThatThrownBy(() -> builder(ModelRepository.directory(root), VersionPin.exact("1")).build())
        .isInstanceOfSatisfying(ModelIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(Digests.sha256(good));
          assertThat(e.actual()).isEqualTo(Digests.sha256(flipped));
          assertThat(e.outcome()).isEqualTo(LoadOutcome.DIGEST_MISMATCH);
        })
        .hasMessage("model 'ranker' from file " + one.resolve("model.onnx") + " has digest "
            + Digests.sha256(flipped) + ", but " + Digests.sha256(good) + " was expected; refusing to load it");
    assertThat(loads(LoadOutcome.DIGEST_MISMATCH)).isEqualTo(1);
  }

  @Test
  void promotingAVersionWithoutModelSha256_isRefused_andTheServingVersionStays() throws IOException {
    byte[] onnx = scorer(1f);
    version("1", onnx, Digests.sha256(onnx));
    AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
    model = builder(ModelRepository.directory(root), VersionPin.exact("1"))
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops")), audit).build();
    version("2", scorer(2f), null);

    assertThatThrownBy(() -> model.deployer().promote(Admins.as("ops"), "2"))
        .isExactlyInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model 'ranker' version 2 has no model.sha256 (");
    assertThat(score()).isEqualTo(4f);
    assertThat(loads(LoadOutcome.DIGEST_MISSING)).isEqualTo(1);
    assertThat(audit.lines()).singleElement().asString()
        .contains("\"action\":\"promote\"", "\"outcome\":\"FAILED\"", "version 2 has no model.sha256");
  }

  @Test
  void expectDigest_withARepository_loadsTheVersionBuilt_whenItHasThoseBytes() throws IOException {
    byte[] onnx = scorer(1f);
    version("1", onnx, Digests.sha256(onnx));

    model = builder(ModelRepository.directory(root), VersionPin.exact("1"))
        .expectDigest(Digests.sha256(onnx)).build();

    assertThat(model.version().digest()).isEqualTo(Digests.sha256(onnx));
    assertThat(score()).isEqualTo(4f);
  }

  @Test
  void expectDigest_withARepository_refusesAVersionWhoseModelSha256NamesOtherBytes_beforeReadingThem()
      throws IOException {
    byte[] vetted = scorer(1f);
    byte[] replaced = scorer(9f);
    Path one = version("1", replaced, Digests.sha256(replaced)); // both files rewritten: consistent, not vetted

    assertThatThrownBy(() -> builder(ModelRepository.directory(root), VersionPin.exact("1"))
            .expectDigest(Digests.sha256(vetted)).build())
        .isInstanceOfSatisfying(ModelIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(Digests.sha256(vetted));
          assertThat(e.actual()).isEqualTo(Digests.sha256(replaced));
        })
        .hasMessage("model 'ranker' from version 1, whose model.sha256 (" + one.resolve("model.sha256")
            + ") has digest " + Digests.sha256(replaced) + ", but " + Digests.sha256(vetted)
            + " was expected; refusing to load it");
    assertThat(loads(LoadOutcome.DIGEST_MISMATCH)).isEqualTo(1);
    assertThat(loader.loaded).isEmpty();
  }

  @Test
  void expectDigest_withARepository_catchesALoaderThatIgnoresIt() throws IOException {
    byte[] onnx = scorer(1f);
    Path one = version("1", onnx, Digests.sha256(onnx));
    FakeModelRuntime[] loaded = new FakeModelRuntime[1];

    assertThatThrownBy(() -> MonitoredModel.builder("ranker")
            .repository(ModelRepository.directory(root), VersionPin.exact("1"))
            .loader(request -> loaded[0] = FakeModelRuntime.of(
                ModelVersion.builder("ranker", "1").digest("sha256:" + "0".repeat(64)).build(), inputs -> Map.of()))
            .expectDigest(Digests.sha256(onnx))
            .build())
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessage("model 'ranker' from file " + one.resolve("model.onnx") + " has digest sha256:"
            + "0".repeat(64) + ", but " + Digests.sha256(onnx) + " was expected; refusing to load it");
    assertThat(loaded[0].closes()).isEqualTo(1);
  }

  @Test
  void expectDigest_leavesOtherVersionsToTheDeployer_butARollbackReloadsTheBuiltVersionAgainstIt()
      throws IOException {
    byte[] one = scorer(1f);
    byte[] two = scorer(2f);
    version("1", one, Digests.sha256(one));
    version("2", two, Digests.sha256(two));
    model = builder(ModelRepository.directory(root), VersionPin.exact("1"))
        .expectDigest(Digests.sha256(one))
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops")), AuditLog.inMemory(Clock.systemUTC()))
        .build();

    model.deployer().promote(Admins.as("ops"), "2");
    assertThat(score()).isEqualTo(5f);
    byte[] tampered = scorer(7f);
    version("1", tampered, Digests.sha256(tampered)); // both files rewritten after the build

    assertThatThrownBy(() -> model.deployer().rollback(Admins.as("ops")))
        .isInstanceOfSatisfying(ModelIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(Digests.sha256(one));
          assertThat(e.actual()).isEqualTo(Digests.sha256(tampered));
        });
    assertThat(score()).isEqualTo(5f);
  }
}
