package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

/** One text as token ids and token type ids, unpadded, and whether it was truncated. */
public final class TokenizedText {
  private final long[] ids;
  private final long[] typeIds;
  private final boolean truncated;

  private TokenizedText(long[] ids, long[] typeIds, boolean truncated) {
    this.ids = ids;
    this.typeIds = typeIds;
    this.truncated = truncated;
  }

  /**
   * Token ids with their type ids (all 0 for single-segment text); the arrays are not copied.
   *
   * @throws IllegalArgumentException if there are no ids or the arrays differ in length
   */
  public static TokenizedText of(long[] ids, long[] typeIds, boolean truncated) {
    requireNonNull(ids, "ids");
    requireNonNull(typeIds, "typeIds");
    if (ids.length == 0 || ids.length != typeIds.length) {
      throw new IllegalArgumentException("ids and typeIds must be non-empty and of one length, but had "
          + ids.length + " and " + typeIds.length);
    }
    return new TokenizedText(ids, typeIds, truncated);
  }

  /** The number of tokens. */
  public int length() {
    return ids.length;
  }

  /** Token id {@code index}. */
  public long id(int index) {
    return ids[index];
  }

  /** Token type id {@code index}. */
  public long typeId(int index) {
    return typeIds[index];
  }

  /** Whether the text had more tokens than allowed and was cut. */
  public boolean truncated() {
    return truncated;
  }
}
