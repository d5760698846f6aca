package dev.monitoredinference;

import dev.monitoredinference.encryption.ModelDecryptionException;

/**
 * The model's bytes do not have the SHA-256 digest the builder was told to expect ({@code
 * expectDigest}) or that a repository version's {@code model.sha256} names (outcome {@code
 * digest_mismatch}), or an encrypted model could not be decrypted: a wrong key, a changed or a
 * truncated file (outcome {@code decryption_failed}). The bytes never reached the runtime.
 */
public final class ModelIntegrityException extends ModelLoadException {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  public ModelIntegrityException(String modelName, String source, String expected, String actual) {
    super(
        modelName,
        LoadOutcome.DIGEST_MISMATCH,
        "model '" + modelName + "' from " + source + " has digest " + actual + ", but "
            + expected + " was expected; refusing to load it",
        null);
    this.expected = expected;
    this.actual = actual;
  }

  /** {@code source} is encrypted and could not be decrypted: {@code why}, e.g. a wrong key. */
  public ModelIntegrityException(String modelName, String source, ModelDecryptionException why) {
    super(modelName, LoadOutcome.DECRYPTION_FAILED, "model '" + modelName + "' from " + source
        + " cannot be decrypted: " + why.getMessage() + "; refusing to load it", why);
    this.expected = "";
    this.actual = "";
  }

  /** The digest that was expected; empty when the bytes could not be decrypted. */
  public String expected() {
    return expected;
  }

  /** The digest the bytes have; empty when they could not be decrypted. */
  public String actual() {
    return actual;
  }
}
