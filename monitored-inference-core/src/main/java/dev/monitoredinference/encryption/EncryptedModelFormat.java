package dev.monitoredinference.encryption;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An encrypted model file: {@code "MIENC1"}, one byte of key-id length, the key id (UTF-8), a
 * 12-byte random nonce, then the AES-GCM ciphertext with its 16-byte tag. The whole header is
 * authenticated as associated data, so changing the key id or the nonce fails like changing the
 * ciphertext. Decryption happens in memory; GCM releases no plaintext before the tag checks.
 */
final class EncryptedModelFormat {
  private static final byte[] MAGIC = "MIENC1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private EncryptedModelFormat() {}

  /** {@code plaintext} encrypted under {@code key}, its header naming {@code keyId}. */
  static byte[] encrypt(byte[] plaintext, SecretKey key, String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    if (id.length == 0 || id.length > 255) {
      throw new IllegalArgumentException("keyId must have 1 to 255 UTF-8 bytes, but has " + id.length);
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] header = ByteBuffer.allocate(MAGIC.length + 1 + id.length + NONCE_BYTES)
        .put(MAGIC).put((byte) id.length).put(id).put(nonce).array();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, requireNonNull(key, "key"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] file = Arrays.copyOf(header, header.length + sealed.length);
      System.arraycopy(sealed, 0, file, header.length, sealed.length);
      return file;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot encrypt with this key: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The plaintext of {@code file}, with the key {@code keys} gives for the id in its header.
   *
   * @throws ModelDecryptionException if the file is not in this format, is truncated, or fails
   *     authentication (a wrong key or changed bytes)
   * @throws IOException if {@code keys} cannot supply the key
   */
  static byte[] decrypt(byte[] file, ModelKeyProvider keys) throws IOException {
    if (file.length < MAGIC.length + 1 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new ModelDecryptionException("it is not an encrypted model file (no MIENC1 header)", null);
    }
    int idLength = Byte.toUnsignedInt(file[MAGIC.length]);
    int headerLength = MAGIC.length + 1 + idLength + NONCE_BYTES;
    if (idLength == 0 || file.length < headerLength + TAG_BITS / 8) {
      throw new ModelDecryptionException("it is truncated: " + file.length + " bytes", null);
    }
    String keyId = new String(file, MAGIC.length + 1, idLength, StandardCharsets.UTF_8);
    SecretKey key = requireNonNull(keys.key(keyId), "the key provider returned no key");
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BITS, file, headerLength - NONCE_BYTES, NONCE_BYTES));
      cipher.updateAAD(file, 0, headerLength);
      return cipher.doFinal(file, headerLength, file.length - headerLength);
    } catch (AEADBadTagException e) {
      throw new ModelDecryptionException("it fails authentication under key '" + keyId
          + "': a wrong key, or the file was changed or truncated", null);
    } catch (GeneralSecurityException e) {
      throw new ModelDecryptionException("the key for '" + keyId + "' cannot decrypt it: "
          + e.getClass().getSimpleName(), null);
    }
  }
}
