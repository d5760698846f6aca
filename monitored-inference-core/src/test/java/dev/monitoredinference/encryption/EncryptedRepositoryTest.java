package dev.monitoredinference.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Admins;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.RepositoryVersion;
import dev.monitoredinference.versioning.RepositoryWatcher;
import dev.monitoredinference.versioning.VersionPin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted versions ({@code model.onnx.enc}) next to plain ones, through the deployer and the watcher. */
class EncryptedRepositoryTest {
  /** score = x1 + x2 + bias = 3 + bias. */
  private static final Inputs ROW = Inputs.of("features", new float[][] {{1f, 2f}});

  @TempDir Path root;
  private final SecretKey key = ModelEncryption.newKey();
  private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
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

  /** A version directory with the model plain or encrypted, and the plaintext's digest. */
  private Path version(String version, byte[] onnx, boolean encrypt) throws IOException {
    Path directory = Files.createDirectories(root.resolve("ranker").resolve(version));
    if (encrypt) {
      Files.write(directory.resolve(RepositoryVersion.ENCRYPTED_MODEL_FILE), ModelEncryption.encrypt(onnx, key, "k1"));
    } else {
      Files.write(directory.resolve(RepositoryVersion.MODEL_FILE), onnx);
    }
    Files.writeString(directory.resolve(RepositoryVersion.DIGEST_FILE), Digests.sha256(onnx));
    return directory;
  }

  private MonitoredModel build(ModelRepository repository) {
    model = MonitoredModel.builder("ranker")
        .repository(repository, VersionPin.exact("1"))
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops", "watcher")), audit)
        .build();
    return model;
  }

  private float score() {
    return model.predict(ROW).floatArray("score")[0];
  }

  private static List<String> files(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void encryptedAndPlainVersions_swapBothWays_andThePlaintextNeverReachesTheDirectory() throws IOException {
    version("1", scorer(1f), false);
    Path two = version("2", scorer(2f), true);
    build(ModelRepository.directory(root).decryptingWith(ModelKeyProvider.of(key)));
    assertThat(score()).isEqualTo(4f);

    assertThat(model.deployer().promote(Admins.as("ops"), "2").digest()).isEqualTo(Digests.sha256(scorer(2f)));
    assertThat(score()).isEqualTo(5f);
    assertThat(model.deployer().serving().encrypted()).isTrue();
    assertThat(files(two)).containsExactly("model.onnx.enc", "model.sha256");

    model.deployer().rollback(Admins.as("ops"));
    assertThat(score()).isEqualTo(4f);
  }

  @Test
  void encryptedVersion_tamperedOnDisk_isRefused_andTheServingVersionStays() throws IOException {
    version("1", scorer(1f), false);
    Path two = version("2", scorer(2f), true);
    byte[] sealed = Files.readAllBytes(two.resolve("model.onnx.enc"));
    sealed[sealed.length / 2] ^= 0x10;
    Files.write(two.resolve("model.onnx.enc"), sealed);
    build(ModelRepository.directory(root).decryptingWith(ModelKeyProvider.of(key)));

    assertThatThrownBy(() -> model.deployer().promote(Admins.as("ops"), "2"))
        .isInstanceOfSatisfying(ModelIntegrityException.class,
            e -> assertThat(e.outcome()).isEqualTo(LoadOutcome.DECRYPTION_FAILED));
    assertThat(score()).isEqualTo(4f);
    assertThat(audit.lines().get(audit.lines().size() - 1))
        .contains("\"action\":\"promote\"", "\"outcome\":\"FAILED\"", "cannot be decrypted");
  }

  @Test
  void encryptedVersion_inARepositoryWithoutKeys_failsToLoad_sayingHowToFixIt() throws IOException {
    version("1", scorer(1f), false);
    version("2", scorer(2f), true);
    build(ModelRepository.directory(root));

    assertThatThrownBy(() -> model.deployer().promote(Admins.as("ops"), "2"))
        .isInstanceOfSatisfying(ModelLoadException.class,
            e -> assertThat(e.outcome()).isEqualTo(LoadOutcome.UNREADABLE))
        .hasMessageContaining("ranker version 2 is encrypted (model.onnx.enc), but its repository has no keys:"
            + " use ModelRepository.directory(root).decryptingWith(keys)");
  }

  @Test
  void encryptedVersionWithoutDigest_isRefused_askingForTheDecryptedModelsDigest() throws IOException {
    version("1", scorer(1f), false);
    Path two = version("2", scorer(2f), true);
    Files.delete(two.resolve(RepositoryVersion.DIGEST_FILE));
    build(ModelRepository.directory(root).decryptingWith(ModelKeyProvider.of(key)));

    assertThatThrownBy(() -> model.deployer().promote(Admins.as("ops"), "2"))
        .isInstanceOfSatisfying(ModelLoadException.class,
            e -> assertThat(e.outcome()).isEqualTo(LoadOutcome.DIGEST_MISSING))
        .hasMessageContaining("write the SHA-256 of its decrypted model there");
  }

  @Test
  void versionWithBothFiles_isAmbiguous_andNotListed() throws IOException {
    version("1", scorer(1f), false);
    Path two = version("2", scorer(2f), true);
    Files.write(two.resolve("model.onnx"), scorer(2f));

    assertThat(ModelRepository.directory(root).versions("ranker")).extracting(RepositoryVersion::version)
        .containsExactly("1");
  }

  @Test
  void theWatcher_promotesANewEncryptedVersion() throws IOException {
    version("1", scorer(1f), false);
    build(ModelRepository.directory(root).decryptingWith(ModelKeyProvider.of(key)));
    RepositoryWatcher watcher = RepositoryWatcher.manual(model.deployer(), VersionPin.latest(), () -> Admins.as("watcher"));
    assertThat(watcher.poll()).isEmpty();

    version("2", scorer(2f), true);

    assertThat(watcher.poll()).contains("2");
    assertThat(score()).isEqualTo(5f);
    watcher.close();
  }
}
