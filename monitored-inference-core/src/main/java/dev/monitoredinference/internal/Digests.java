package dev.monitoredinference.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests in the {@code "sha256:<64 lower-case hex digits>"} form used everywhere. */
public final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  private Digests() {}

  /** The digest of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * {@code digest}, checked.
   *
   * @throws IllegalArgumentException unless it is {@code "sha256:"} and 64 lower-case hex digits
   */
  public static String checkSha256(String parameter, String digest) {
    if (!SHA256.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          parameter + " must be \"sha256:\" and 64 lower-case hex digits, but was '" + digest + "'");
    }
    return digest;
  }
}
