package dev.monitoredinference.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelSource;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted model files on real ONNX Runtime sessions: what loads, and what is refused how. */
class EncryptedModelSourceTest {
  /** score = x1 + x2 + 5 = 8 for the row (1, 2). */
  private static final byte[] PLAIN = TestModels.linearScorer(new float[] {1f, 1f}, 5f);
  private static final Inputs ROW = Inputs.of("features", new float[][] {{1f, 2f}});

  @TempDir Path directory;
  private final SecretKey key = ModelEncryption.newKey();

  private Path encrypted(byte[] file) throws IOException {
    return Files.write(directory.resolve("ranker.onnx.enc"), file);
  }

  private static float score(ModelSource source, String pinned) {
    try (MonitoredModel model = MonitoredModel.builder("ranker").source(source).expectDigest(pinned).build()) {
      return model.predict(ROW).floatArray("score")[0];
    }
  }

  private static ModelIntegrityException refused(ModelSource source) {
    try (MonitoredModel model = MonitoredModel.builder("ranker").source(source).build()) {
      throw new AssertionError("loaded " + model);
    } catch (ModelIntegrityException e) {
      return e;
    }
  }

  @Test
  void encryptedFile_servesThePlainModel_underThePlaintextDigest() throws IOException {
    Path file = encrypted(ModelEncryption.encrypt(PLAIN, key, "ranker-key"));

    assertThat(score(ModelSource.encrypted(file, ModelKeyProvider.of(key)), Digests.sha256(PLAIN))).isEqualTo(8f);
    String onDisk = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(onDisk).doesNotContain("features", "MatMul", "linear_scorer"); // ciphertext, not the model
  }

  @Test
  void encryptFile_writesAFileTheSourceReads_andEachEncryptionDiffers() throws IOException {
    Path plain = Files.write(directory.resolve("model.onnx"), PLAIN);
    Path first = directory.resolve("a.enc");
    Path second = directory.resolve("b.enc");
    ModelEncryption.encryptFile(plain, first, key, "k");
    ModelEncryption.encryptFile(plain, second, key, "k");

    assertThat(Files.readAllBytes(first)).isNotEqualTo(Files.readAllBytes(second)); // fresh nonce
    assertThat(score(ModelSource.encrypted(second, ModelKeyProvider.of(key)), Digests.sha256(PLAIN))).isEqualTo(8f);
  }

  @Test
  void digestPin_appliesToThePlaintext() throws IOException {
    byte[] other = TestModels.linearScorer(new float[] {1f, 1f}, 6f);
    Path file = encrypted(ModelEncryption.encrypt(other, key, "k"));

    assertThatThrownBy(() -> score(ModelSource.encrypted(file, ModelKeyProvider.of(key)), Digests.sha256(PLAIN)))
        .isInstanceOfSatisfying(ModelIntegrityException.class, e -> {
          assertThat(e.outcome()).isEqualTo(LoadOutcome.DIGEST_MISMATCH);
          assertThat(e.expected()).isEqualTo(Digests.sha256(PLAIN));
          assertThat(e.actual()).isEqualTo(Digests.sha256(other));
        });
  }

  @Test
  void wrongKey_isAnIntegrityFailure_namingTheKeyIdButNoKey() throws IOException {
    SecretKey wrong = ModelEncryption.newKey();
    Path file = encrypted(ModelEncryption.encrypt(PLAIN, key, "ranker-key"));

    ModelIntegrityException e = refused(ModelSource.encrypted(file, ModelKeyProvider.of(wrong)));

    assertThat(e.outcome()).isEqualTo(LoadOutcome.DECRYPTION_FAILED);
    assertThat(e.getMessage()).isEqualTo("model 'ranker' from encrypted file " + file + " cannot be decrypted:"
        + " it fails authentication under key 'ranker-key': a wrong key, or the file was changed or truncated;"
        + " refusing to load it");
    assertThat(e.getMessage()).doesNotContain(ModelEncryption.toBase64(wrong), ModelEncryption.toBase64(key));
  }

  @Test
  void oneFlippedByte_anywhere_isAnIntegrityFailure() throws IOException {
    byte[] sealed = ModelEncryption.encrypt(PLAIN, key, "k");
    for (int at : new int[] {7, 10, 20, sealed.length / 2, sealed.length - 1}) { // key id, nonce, body, tag
      byte[] tampered = sealed.clone();
      tampered[at] ^= 0x01;
      Path file = encrypted(tampered);

      assertThat(refused(ModelSource.encrypted(file, ModelKeyProvider.of(key))).outcome())
          .as("byte %d flipped", at).isEqualTo(LoadOutcome.DECRYPTION_FAILED);
    }
  }

  @Test
  void truncatedFile_isAnIntegrityFailure() throws IOException {
    byte[] sealed = ModelEncryption.encrypt(PLAIN, key, "k");
    for (int length : new int[] {0, 5, 8, 30, sealed.length - 1}) {
      Path file = encrypted(Arrays.copyOf(sealed, length));

      assertThat(refused(ModelSource.encrypted(file, ModelKeyProvider.of(key))).getMessage())
          .as("%d of %d bytes", length, sealed.length)
          .contains(length < 7 ? "it is not an encrypted model file" : length < 36 ? "it is truncated"
              : "it fails authentication");
    }
  }

  @Test
  void plainModelFile_isNotAnEncryptedOne() throws IOException {
    Path file = encrypted(PLAIN);

    assertThat(refused(ModelSource.encrypted(file, ModelKeyProvider.of(key))).getMessage())
        .contains("it is not an encrypted model file (no MIENC1 header)");
  }

  @Test
  void environmentProvider_readsBase64_andNamesOnlyTheVariable() throws IOException {
    Path file = encrypted(ModelEncryption.encrypt(PLAIN, key, "k"));
    String base64 = ModelEncryption.toBase64(key);

    assertThat(score(ModelSource.encrypted(file,
        ModelKeyProvider.environment("RANKER_KEY", Map.of("RANKER_KEY", base64)::get)), Digests.sha256(PLAIN)))
        .isEqualTo(8f);
    assertThatThrownBy(() -> ModelKeyProvider.environment("RANKER_KEY", name -> null).key("k"))
        .isInstanceOf(IOException.class)
        .hasMessage("environment variable RANKER_KEY holding the model key is not set");
    String notAKey = base64.substring(0, 20) + "!!";
    assertThatThrownBy(() -> ModelKeyProvider.environment("RANKER_KEY", name -> notAKey).key("k"))
        .hasMessage("environment variable RANKER_KEY does not hold base64 text");
    assertThatThrownBy(() -> ModelKeyProvider.environment("RANKER_KEY", name -> "c2hvcnQ=").key("k"))
        .hasMessage("environment variable RANKER_KEY holds 5 bytes, but an AES key has 16, 24 or 32");
  }

  @Test
  void missingKey_failsTheLoadAsUnreadable() throws IOException {
    Path file = encrypted(ModelEncryption.encrypt(PLAIN, key, "k"));

    assertThatThrownBy(() -> MonitoredModel.builder("ranker")
        .source(ModelSource.encrypted(file, ModelKeyProvider.environment("NO_SUCH_KEY", name -> null))).build())
        .isInstanceOfSatisfying(ModelLoadException.class,
            e -> assertThat(e.outcome()).isEqualTo(LoadOutcome.UNREADABLE))
        .hasMessageContaining("environment variable NO_SUCH_KEY holding the model key is not set");
  }

  @Test
  void fileProvider_readsBase64WithSurroundingWhitespace() throws IOException {
    Path file = encrypted(ModelEncryption.encrypt(PLAIN, key, "k"));
    Path keyFile = Files.writeString(directory.resolve("ranker.key"), "  " + ModelEncryption.toBase64(key) + "\n");

    assertThat(score(ModelSource.encrypted(file, ModelKeyProvider.file(keyFile)), Digests.sha256(PLAIN))).isEqualTo(8f);
  }
}
