package dev.monitoredinference.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * A numeric feature in one window: a KLL float sketch (which ignores NaN) and a NaN count. Not
 * thread-safe; only the drift thread touches it. At k = 200 it serializes to at most about 2.8 KB
 * for up to 10^8 values.
 */
final class NumericSketch {
  final KllFloatsSketch kll;
  long nan;

  NumericSketch(int k) {
    this(KllFloatsSketch.newHeapInstance(k), 0);
  }

  private NumericSketch(KllFloatsSketch kll, long nan) {
    this.kll = kll;
    this.nan = nan;
  }

  void update(float value) {
    if (Float.isNaN(value)) {
      nan++;
    } else {
      kll.update(value);
    }
  }

  void merge(NumericSketch other) {
    kll.merge(other.kll);
    nan += other.nan;
  }

  /** Non-NaN values. */
  long n() {
    return kll.getN();
  }

  /** The single-sided normalized rank error; 0 while the sketch still holds every value. */
  double rankError() {
    return kll.isEstimationMode() ? kll.getNormalizedRankError(false) : 0;
  }

  int serializedBytes() {
    return kll.getSerializedSizeBytes() + Long.BYTES;
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(nan);
    ProfileCodec.writeBytes(out, kll.toByteArray());
  }

  static NumericSketch read(DataInput in) throws IOException {
    long nan = in.readLong();
    return new NumericSketch(KllFloatsSketch.heapify(Memory.wrap(ProfileCodec.readBytes(in))), nan);
  }
}
