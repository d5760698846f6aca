package dev.monitoredinference.outcomes;

import dev.monitoredinference.internal.Mix64;

/**
 * 64-bit hashes of ids and item ids: the tracker keeps these, never the strings, so that memory
 * per list is fixed and no id can leak into telemetry. FNV-1a over the UTF-16 units, then
 * MurmurHash3's finaliser to spread the bits; allocates nothing.
 */
final class Hashes {
  private Hashes() {}

  static long of(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
    }
    return Mix64.of(hash);
  }

  /**
   * The counter of a prediction id ({@code <prefix>-<hex counter>}) if it has {@code prefix}, else
   * -1. Allocates nothing.
   */
  static long serial(String id, String prefix) {
    int dash = prefix.length();
    if (id.length() <= dash + 1 || id.length() > dash + 17 || id.charAt(dash) != '-'
        || !id.startsWith(prefix)) {
      return -1;
    }
    long serial = 0;
    for (int i = dash + 1; i < id.length(); i++) {
      int digit = Character.digit(id.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      serial = (serial << 4) | digit;
    }
    return serial;
  }
}
