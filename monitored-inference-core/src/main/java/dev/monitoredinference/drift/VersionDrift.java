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

  VersionDrift(ModelVersion version, Profile current, int features, long subWindowEnd) {
    this.version = version;
    this.current = current;
    this.firing = new boolean[features];
    this.subWindowEnd = subWindowEnd;
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
