package dev.monitoredinference;

/**
 * The model's bytes do not have the SHA-256 digest the builder was told to expect ({@code
 * expectDigest}) or that a repository version's {@code model.sha256} names. The bytes never
 * reached the runtime.
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

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
