package dev.monitoredinference.internal;

/** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. Stable across releases. */
public final class Mix64 {
  private Mix64() {}

  /** The finalised bits of {@code value}. */
  public static long of(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
