package dev.monitoredinference.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a prediction record says of a call's inputs and outputs. Inputs often carry personal data
 * (a query, a user's features), so the default, {@link #shapesOnly()}, ships none of it.
 *
 * <ul>
 *   <li>{@link #none()}: no tensors at all, only the call's model, version, outcome and latency;
 *   <li>{@link #shapesOnly()}: each tensor's name, element type and shape;
 *   <li>{@link #hashed(byte[])}: shapes plus a keyed hash (HMAC-SHA256, first 16 bytes in hex) of
 *       each tensor's contents: equal inputs can be counted and joined, not read back, and not
 *       guessed without the key;
 *   <li>{@link #numericValues()}: shapes plus the values of numeric tensors (strings hashed
 *       without a key would be guessable, so they are left out): for feature logging of ranker
 *       inputs that hold no personal data.
 * </ul>
 *
 * <p>Immutable.
 */
public final class Redaction {
  enum Kind {
    NONE,
    SHAPES,
    HASHED,
    VALUES
  }

  final Kind kind;
  final byte @Nullable [] key;

  private Redaction(Kind kind, byte @Nullable [] key) {
    this.kind = kind;
    this.key = key;
  }

  /** No tensors in the record. */
  public static Redaction none() {
    return new Redaction(Kind.NONE, null);
  }

  /** Tensor names, element types and shapes; the default. */
  public static Redaction shapesOnly() {
    return new Redaction(Kind.SHAPES, null);
  }

  /**
   * Shapes and an HMAC-SHA256 of each tensor's contents under {@code key}.
   *
   * @throws IllegalArgumentException if the key is shorter than 16 bytes
   */
  public static Redaction hashed(byte[] key) {
    requireNonNull(key, "key");
    if (key.length < 16) {
      throw new IllegalArgumentException("the hash key must have at least 16 bytes, but had " + key.length);
    }
    return new Redaction(Kind.HASHED, Arrays.copyOf(key, key.length));
  }

  /** Shapes and the values of numeric tensors; string tensors as shapes only. */
  public static Redaction numericValues() {
    return new Redaction(Kind.VALUES, null);
  }

  @Override
  public String toString() {
    return "Redaction[" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }
}
