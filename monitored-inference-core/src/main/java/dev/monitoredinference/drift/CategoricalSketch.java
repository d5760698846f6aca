package dev.monitoredinference.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * A categorical feature in one window: a frequent-items sketch of the values as strings (ids are
 * written in decimal). Counts are exact while fewer than 768 distinct values were seen, else off
 * by at most {@link #maxError()} (about 0.34 % of the stream). Not thread-safe.
 */
final class CategoricalSketch {
  /** Map size: up to 768 counters, error ≤ 3.5 / 1024 of the stream, about 11 KB serialized. */
  static final int MAX_MAP_SIZE = 1024;
  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

  final ItemsSketch<String> items;

  CategoricalSketch() {
    this(new ItemsSketch<>(MAX_MAP_SIZE));
  }

  private CategoricalSketch(ItemsSketch<String> items) {
    this.items = items;
  }

  void update(String value) {
    items.update(value);
  }

  void merge(CategoricalSketch other) {
    items.merge(other.items);
  }

  long n() {
    return items.getStreamLength();
  }

  long estimate(String value) {
    return items.getEstimate(value);
  }

  long maxError() {
    return items.getMaximumError();
  }

  int serializedBytes() {
    return items.toByteArray(SERDE).length;
  }

  void write(DataOutput out) throws IOException {
    ProfileCodec.writeBytes(out, items.toByteArray(SERDE));
  }

  static CategoricalSketch read(DataInput in) throws IOException {
    return new CategoricalSketch(ItemsSketch.getInstance(Memory.wrap(ProfileCodec.readBytes(in)), SERDE));
  }
}
