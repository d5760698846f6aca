package dev.monitoredinference;

/** How a model load ended: the {@code outcome} tag of {@code monitored.inference.model.loads}. */
public enum LoadOutcome {
  SUCCESS("success"),
  /** The bytes' SHA-256 differs from {@code expectDigest} or from the version's {@code model.sha256}. */
  DIGEST_MISMATCH("digest_mismatch"),
  /** An encrypted model could not be decrypted: a wrong key, a changed or a truncated file. */
  DECRYPTION_FAILED("decryption_failed"),
  /** A repository version has no {@code model.sha256}, and its repository requires one. */
  DIGEST_MISSING("digest_missing"),
  /** The bytes are not a model this library will load: malformed, truncated, external data, absurd dimensions, unsupported types. */
  INVALID_MODEL("invalid_model"),
  /** The source could not be read. */
  UNREADABLE("unreadable"),
  /** No version in the repository satisfies the pin. */
  VERSION_UNAVAILABLE("version_unavailable"),
  /** {@code requireGpu} could not be met. */
  DEVICE_UNAVAILABLE("device_unavailable"),
  /** Anything else, e.g. the native runtime failed to load. */
  ERROR("error");

  private final String tagValue;

  LoadOutcome(String tagValue) {
    this.tagValue = tagValue;
  }

  public String tagValue() {
    return tagValue;
  }
}
