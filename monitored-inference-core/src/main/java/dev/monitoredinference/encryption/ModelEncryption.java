package dev.monitoredinference.encryption;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * Writes encrypted model files (AES-256-GCM, JDK crypto) that {@link
 * dev.monitoredinference.ModelSource#encrypted} and an encrypting {@code ModelRepository} read.
 * The file's header names the key id, so a {@link ModelKeyProvider} can hold several keys.
 *
 * <pre>{@code
 * SecretKey key = ModelEncryption.newKey();
 * String forTheEnvironment = ModelEncryption.toBase64(key);      // keep it in a secret store
 * ModelEncryption.encryptFile(Path.of("model.onnx"), Path.of("7/model.onnx.enc"), key, "ranker-2026");
 * }</pre>
 *
 * <p>Each encryption draws a fresh random nonce, so encrypting the same model twice gives
 * different files; the digest to pin ({@code model.sha256}) is that of the plaintext model.
 */
public final class ModelEncryption {
  private ModelEncryption() {}

  /** A new random AES-256 key. */
  public static SecretKey newKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      return generator.generateKey();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has AES", e);
    }
  }

  /** {@code key} as the base64 text the shipped providers read. */
  public static String toBase64(SecretKey key) {
    return Base64.getEncoder().encodeToString(requireNonNull(key, "key").getEncoded());
  }

  /**
   * {@code model} encrypted under {@code key}, naming {@code keyId} in its header.
   *
   * @throws IllegalArgumentException if {@code keyId} is empty or over 255 UTF-8 bytes, or the key
   *     is not an AES key
   */
  public static byte[] encrypt(byte[] model, SecretKey key, String keyId) {
    return EncryptedModelFormat.encrypt(requireNonNull(model, "model"), requireNonNull(key, "key"),
        requireNonNull(keyId, "keyId"));
  }

  /**
   * The model in {@code file} (as {@link #encrypt} wrote it), decrypted in memory with the key
   * {@code keys} gives for the key id in its header. {@link dev.monitoredinference.ModelSource#encrypted}
   * uses it; nothing is written anywhere.
   *
   * @throws ModelDecryptionException if the file is not in this format, is truncated, or fails
   *     authentication (a wrong key or changed bytes)
   * @throws IOException if {@code keys} cannot supply the key
   */
  public static byte[] decrypt(byte[] file, ModelKeyProvider keys) throws IOException {
    return EncryptedModelFormat.decrypt(requireNonNull(file, "file"), requireNonNull(keys, "keys"));
  }

  /**
   * Encrypts the model file {@code plain} into {@code encrypted} (replaced if present).
   *
   * @throws IOException if either file cannot be read or written
   */
  public static void encryptFile(Path plain, Path encrypted, SecretKey key, String keyId) throws IOException {
    Files.write(requireNonNull(encrypted, "encrypted"), encrypt(Files.readAllBytes(plain), key, keyId));
  }
}
