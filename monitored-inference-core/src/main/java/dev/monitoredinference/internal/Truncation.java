package dev.monitoredinference.internal;

/**
 * Cutting a text to a length limit, shared by the validation link's {@code TextLengthPolicy.TRUNCATE}
 * and the text embedder's, so both cut the same way.
 */
public final class Truncation {
  private Truncation() {}

  /** {@code text} cut to at most {@code chars} UTF-16 units, never inside a surrogate pair. */
  public static String cut(String text, int chars) {
    if (text.length() <= chars) {
      return text;
    }
    // Never split a surrogate pair: drop the lone high surrogate instead.
    int end = Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars;
    return text.substring(0, end);
  }
}
