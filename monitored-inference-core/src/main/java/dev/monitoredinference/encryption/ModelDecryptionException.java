package dev.monitoredinference.encryption;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * An encrypted model file could not be decrypted: a wrong key, a changed or truncated file, or a
 * file that is not in the encrypted model format. The model loader reports it as a {@code
 * ModelIntegrityException} with outcome {@code decryption_failed}. Never carries key material.
 */
public final class ModelDecryptionException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelDecryptionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
