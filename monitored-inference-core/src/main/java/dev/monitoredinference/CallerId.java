package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * Who makes a call, as far as abuse detection cares (a user, API key, tenant or client IP): the
 * per-caller rate, query pattern and rejection share are kept under it. Opaque: the id is hashed
 * once, here (the first 64 bits of its SHA-256), and only the hash is kept; the id itself is never
 * stored, logged, exported or shown by {@link #toString()}. Telemetry shows at most {@link
 * #hashPrefix()}, 32 bits of the hash.
 *
 * <pre>{@code
 * CallerId caller = CallerId.of(apiKeyId);     // once per session or request; reuse it
 * Prediction p = model.predict(inputs, CallOptions.ofDefaults().caller(caller));
 * float[] v = embedder.embed(query, caller);
 * }</pre>
 *
 * <p>Cost: about a microsecond for the hash, paid where the id is made, not per call if reused.
 * An unkeyed hash of a guessable id (a small numeric user id) can be reversed by trying
 * candidates; the 32-bit prefix in logs is short for that reason. Immutable.
 */
public final class CallerId {
  private static final CallerId ANONYMOUS = new CallerId(0);

  private final long hash;

  private CallerId(long hash) {
    this.hash = hash;
  }

  /**
   * The caller called {@code id}.
   *
   * @throws IllegalArgumentException if {@code id} is empty
   */
  public static CallerId of(String id) {
    requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
    }
    return new CallerId(bits == 0 ? 1 : bits); // 0 is kept for the anonymous caller
  }

  /** No caller named: calls without a caller are not tracked by abuse detection. */
  public static CallerId anonymous() {
    return ANONYMOUS;
  }

  /** Whether this is {@link #anonymous()}. */
  public boolean isAnonymous() {
    return hash == 0;
  }

  /** The 64-bit hash the caller is tracked under; 0 for {@link #anonymous()}. */
  public long hash() {
    return hash;
  }

  /** The first 8 hex digits of the hash: what log lines and events show; {@code "-"} if anonymous. */
  public String hashPrefix() {
    return hash == 0 ? "-" : String.format("%08x", hash >>> 32);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CallerId && ((CallerId) other).hash == hash;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hash);
  }

  @Override
  public String toString() {
    return "CallerId[" + hashPrefix() + "]";
  }
}
