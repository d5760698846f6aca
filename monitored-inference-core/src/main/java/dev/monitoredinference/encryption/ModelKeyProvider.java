package dev.monitoredinference.encryption;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the AES key an encrypted model file names by its key id (written in the file's header
 * by {@link ModelEncryption}). A KMS-backed provider fetches or unwraps the key for that id; the
 * shipped providers hold a single key and serve it for every id. Called once per load, off the
 * inference path; must be thread-safe.
 *
 * <pre>{@code
 * ModelSource source = ModelSource.encrypted(Path.of("ranker.onnx.enc"),
 *     ModelKeyProvider.environment("RANKER_MODEL_KEY"));   // base64 of 16, 24 or 32 bytes
 * }</pre>
 *
 * <p>Messages of the shipped providers name the variable or file, never the key.
 */
@FunctionalInterface
public interface ModelKeyProvider {
  /**
   * The key for {@code keyId}.
   *
   * @throws IOException if the key is unavailable (the load fails as {@code unreadable})
   */
  SecretKey key(String keyId) throws IOException;

  /** The key in environment variable {@code variable}, base64 of 16, 24 or 32 bytes, read at each load. */
  static ModelKeyProvider environment(String variable) {
    return environment(variable, System::getenv);
  }

  /** {@link #environment(String)} reading variables through {@code environment} (for tests). */
  static ModelKeyProvider environment(String variable, Function<String, @Nullable String> environment) {
    requireNonNull(variable, "variable");
    requireNonNull(environment, "environment");
    return keyId -> {
      String value = environment.apply(variable);
      if (value == null || value.isBlank()) {
        throw new IOException("environment variable " + variable + " holding the model key is not set");
      }
      return aesKey(value, "environment variable " + variable);
    };
  }

  /** The key in {@code file}, base64 of 16, 24 or 32 bytes (surrounding whitespace ignored), read at each load. */
  static ModelKeyProvider file(Path file) {
    requireNonNull(file, "file");
    return keyId -> aesKey(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
  }

  /** Always {@code key} (a key obtained elsewhere, e.g. unwrapped by a KMS at start-up). */
  static ModelKeyProvider of(SecretKey key) {
    requireNonNull(key, "key");
    if (!"AES".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("key must be an AES key, but was " + key.getAlgorithm());
    }
    return keyId -> key;
  }

  /**
   * An AES key from base64 text.
   *
   * @throws IOException naming {@code where} (never the text) if it is not base64 of 16, 24 or 32 bytes
   */
  private static SecretKey aesKey(String base64, String where) throws IOException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(where + " does not hold base64 text"); // the cause would quote the key
    }
    if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
      throw new IOException(where + " holds " + bytes.length + " bytes, but an AES key has 16, 24 or 32");
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
