package dev.monitoredinference.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Random;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * An embedding feature in one window: the sum of its vectors (for the centroid) and {@code p}
 * seeded random projections, each in a KLL sketch. The dimension is fixed by the first vector.
 * Memory: d doubles plus p KLL sketches (at most 2.8 KB each at k = 200); a sketch that is
 * updated (not only merged) also holds the p × d projection directions. Not thread-safe.
 */
final class EmbeddingSketch {
  private final int k;
  private final long seed;
  final NumericSketch[] projections;
  double[] sum = new double[0];
  float[][] directions = new float[0][];
  long n;

  EmbeddingSketch(int k, int projections, long seed) {
    this.k = k;
    this.seed = seed;
    this.projections = new NumericSketch[projections];
    for (int i = 0; i < projections; i++) {
      this.projections[i] = new NumericSketch(k);
    }
  }

  int dimension() {
    return sum.length;
  }

  /** Adds the vector at {@code flat[offset .. offset + d)}. */
  void update(float[] flat, int offset, int d) {
    if (sum.length == 0) {
      sum = new double[d];
    } else if (d != sum.length) {
      throw new IllegalArgumentException(
          "embedding dimension changed from " + sum.length + " to " + d);
    }
    if (directions.length == 0) {
      directions = directions(seed, projections.length, d); // only sketches that are updated
    }
    for (int j = 0; j < d; j++) {
      sum[j] += flat[offset + j];
    }
    for (int i = 0; i < projections.length; i++) {
      float[] direction = directions[i];
      double dot = 0;
      for (int j = 0; j < d; j++) {
        dot += direction[j] * flat[offset + j];
      }
      projections[i].update((float) dot);
    }
    n++;
  }

  void merge(EmbeddingSketch other) {
    if (other.n == 0) {
      return;
    }
    if (sum.length == 0) {
      sum = new double[other.sum.length];
    } else if (other.sum.length != sum.length) {
      throw new IllegalArgumentException("cannot merge embeddings of dimension " + sum.length
          + " and " + other.sum.length);
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] += other.sum[j];
    }
    for (int i = 0; i < projections.length; i++) {
      projections[i].merge(other.projections[i]);
    }
    n += other.n;
  }

  EmbeddingSketch empty() {
    return new EmbeddingSketch(k, projections.length, seed);
  }

  int serializedBytes() {
    int bytes = Long.BYTES + Double.BYTES * sum.length;
    for (NumericSketch projection : projections) {
      bytes += projection.serializedBytes();
    }
    return bytes;
  }

  /** Gaussian directions scaled by 1/√d, the same for a given seed, count and dimension. */
  static float[][] directions(long seed, int count, int d) {
    Random random = new Random(seed);
    float[][] result = new float[count][d];
    double scale = 1 / Math.sqrt(d);
    for (float[] direction : result) {
      for (int j = 0; j < d; j++) {
        direction[j] = (float) (random.nextGaussian() * scale);
      }
    }
    return result;
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(seed);
    out.writeInt(projections.length);
    out.writeLong(n);
    out.writeInt(sum.length);
    for (double s : sum) {
      out.writeDouble(s);
    }
    for (NumericSketch projection : projections) {
      projection.write(out);
    }
  }

  static EmbeddingSketch read(DataInput in, int k) throws IOException {
    long seed = in.readLong();
    EmbeddingSketch sketch = new EmbeddingSketch(k, in.readInt(), seed);
    sketch.n = in.readLong();
    int d = in.readInt();
    if (d > 0) {
      sketch.sum = new double[d];
      for (int j = 0; j < d; j++) {
        sketch.sum[j] = in.readDouble();
      }
    }
    for (int i = 0; i < sketch.projections.length; i++) {
      sketch.projections[i] = NumericSketch.read(in);
    }
    return sketch;
  }
}
