package dev.monitoredinference.drift;

import dev.monitoredinference.ModelVersion;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The drift state of one model version (one digest): the baseline being captured or frozen, the
 * sub-window being filled, the ring of closed sub-windows, the last merged window, and which
 * features are firing. Touched by the drift thread only.
 */
final class VersionDrift {
  final ModelVersion version;
  @Nullable Profile capturing;
  @Nullable FrozenBaseline baseline;
  Profile current;
  final ArrayDeque<Profile> ring = new ArrayDeque<>();
  @Nullable Profile lastWindow;
  long subWindowEnd;
  final boolean[] firing;
  /** The day of the last look and how many looks that day has had: the false-alarm budget. */
  private long lookDay = Long.MIN_VALUE;
  private long looksToday;

  VersionDrift(ModelVersion version, Profile current, int features, long subWindowEnd) {
    this.version = version;
    this.current = current;
    this.firing = new boolean[features];
    this.subWindowEnd = subWindowEnd;
  }

  /** Counts a look on {@code day} and returns its 1-based number within that day. */
  long look(long day) {
    if (day != lookDay) {
      lookDay = day;
      looksToday = 0;
    }
    return ++looksToday;
  }

  /** Bytes the sketches of this version take serialized: baseline, ring, current, last window. */
  long serializedBytes() {
    long bytes = current.serializedBytes();
    for (Profile profile : ring) {
      bytes += profile.serializedBytes();
    }
    if (capturing != null) {
      bytes += capturing.serializedBytes();
    }
    if (baseline != null) {
      bytes += baseline.profile.serializedBytes();
    }
    if (lastWindow != null) {
      bytes += lastWindow.serializedBytes();
    }
    return bytes;
  }
}
