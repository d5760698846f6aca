package dev.monitoredinference.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Random;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * An embedding feature in one window: the per-coordinate sums and sums of squares of its vectors
 * and the moments of ((x₁ − x₂)ᵀ(x₃ − x₄))² over consecutive disjoint quadruples, from which the
 * centroid test ({@link CentroidShift}) estimates tr Σ²; and {@code p} seeded random projections,
 * each in a KLL sketch. The dimension is fixed by the first vector. Memory: 2d + 3 doubles plus
 * p KLL sketches (at most 2.8 KB each at k = 200); a sketch that is updated (not only merged)
 * also holds the p × d projection directions and the last 3 vectors. Not thread-safe.
 *
 * <p>The dot products are computed four directions per pass over the vector ({@code weights[i *
 * d + j]} is component j of direction i), with independent float sums: 384-d with 16
 * projections went from 5.5 µs (one direction per pass, double sum) to 2.6 µs per vector on one
 * core of the 2-core development machine, a cost the drift thread pays per embedding.
 */
final class EmbeddingSketch {
  private final int k;
  private final long seed;
  final NumericSketch[] projections;
  double[] sum = new double[0];
  double[] sumSquares = new double[0];
  /** Quadruples seen, and the sum and sum of squares of q = ((x₁ − x₂)ᵀ(x₃ − x₄))² / 4. */
  long quadruples;
  double quadrupleSum;
  double quadrupleSquares;
  /** The vectors of the quadruple being filled, {@code pending} of them. */
  private float[] recent = new float[0];
  private int pending;
  private float[] weights = new float[0];
  private float[] dots = new float[0];
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
      sumSquares = new double[d];
    } else if (d != sum.length) {
      throw new IllegalArgumentException(
          "embedding dimension changed from " + sum.length + " to " + d);
    }
    int p = projections.length;
    if (weights.length == 0) {
      weights = rowMajor(directions(seed, p, d)); // only sketches that are updated
      dots = new float[p];
    }
    for (int j = 0; j < d; j++) {
      double x = flat[offset + j];
      sum[j] += x;
      sumSquares[j] += x * x;
    }
    project(flat, offset, d);
    for (int i = 0; i < p; i++) {
      projections[i].update(dots[i]);
    }
    quadruple(flat, offset, d);
    n++;
  }

  /** Sets {@code dots[i]} to the vector's dot product with direction i. */
  private void project(float[] flat, int offset, int d) {
    float[] w = weights;
    int p = dots.length;
    int i = 0;
    for (; i + 4 <= p; i += 4) { // four directions per pass: four independent sums
      float a0 = 0;
      float a1 = 0;
      float a2 = 0;
      float a3 = 0;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        float x = flat[offset + j];
        a0 += w[row + j] * x;
        a1 += w[row + d + j] * x;
        a2 += w[row + 2 * d + j] * x;
        a3 += w[row + 3 * d + j] * x;
      }
      dots[i] = a0;
      dots[i + 1] = a1;
      dots[i + 2] = a2;
      dots[i + 3] = a3;
    }
    for (; i < p; i++) {
      float a = 0;
      for (int j = 0; j < d; j++) {
        a += w[i * d + j] * flat[offset + j];
      }
      dots[i] = a;
    }
  }

  /**
   * Every fourth vector closes a quadruple: for independent a = x₁ − x₂ and b = x₃ − x₄, each
   * N(0, 2Σ), E[(aᵀb)²] = 4·tr Σ², with no mean to estimate. d multiply-adds per quadruple.
   */
  private void quadruple(float[] flat, int offset, int d) {
    if (pending < 3) {
      if (recent.length == 0) {
        recent = new float[3 * d];
      }
      System.arraycopy(flat, offset, recent, pending * d, d);
      pending++;
      return;
    }
    double dot = 0;
    for (int j = 0; j < d; j++) {
      dot += (double) (recent[j] - recent[d + j]) * (recent[2 * d + j] - flat[offset + j]);
    }
    double q = dot * dot / 4;
    quadruples++;
    quadrupleSum += q;
    quadrupleSquares += q * q;
    pending = 0;
  }

  void merge(EmbeddingSketch other) {
    if (other.n == 0) {
      return;
    }
    if (sum.length == 0) {
      sum = new double[other.sum.length];
      sumSquares = new double[other.sum.length];
    } else if (other.sum.length != sum.length) {
      throw new IllegalArgumentException("cannot merge embeddings of dimension " + sum.length
          + " and " + other.sum.length);
    }
    add(sum, other.sum);
    add(sumSquares, other.sumSquares);
    quadruples += other.quadruples;
    quadrupleSum += other.quadrupleSum;
    quadrupleSquares += other.quadrupleSquares;
    for (int i = 0; i < projections.length; i++) {
      projections[i].merge(other.projections[i]);
    }
    n += other.n;
  }

  private static void add(double[] into, double[] from) {
    for (int j = 0; j < into.length; j++) {
      into[j] += from[j];
    }
  }

  EmbeddingSketch empty() {
    return new EmbeddingSketch(k, projections.length, seed);
  }

  int serializedBytes() {
    int bytes = 2 * Long.BYTES + Double.BYTES * (2 * sum.length + 2);
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

  private static float[] rowMajor(float[][] directions) {
    int d = directions.length == 0 ? 0 : directions[0].length;
    float[] weights = new float[directions.length * d];
    for (int i = 0; i < directions.length; i++) {
      System.arraycopy(directions[i], 0, weights, i * d, d);
    }
    return weights;
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(seed);
    out.writeInt(projections.length);
    out.writeLong(n);
    out.writeInt(sum.length);
    writeDoubles(out, sum);
    writeDoubles(out, sumSquares);
    out.writeLong(quadruples);
    out.writeDouble(quadrupleSum);
    out.writeDouble(quadrupleSquares);
    for (NumericSketch projection : projections) {
      projection.write(out);
    }
  }

  static EmbeddingSketch read(DataInput in, int k) throws IOException {
    long seed = in.readLong();
    int p = in.readInt();
    long n = in.readLong();
    int d = in.readInt();
    if (p < 1 || p > 256 || d < 0 || d > 1 << 20) {
      throw new IOException("bad embedding sketch: " + p + " projections, dimension " + d);
    }
    EmbeddingSketch sketch = new EmbeddingSketch(k, p, seed);
    sketch.n = n;
    sketch.sum = readDoubles(in, new double[d]);
    sketch.sumSquares = readDoubles(in, new double[d]);
    sketch.quadruples = in.readLong();
    sketch.quadrupleSum = in.readDouble();
    sketch.quadrupleSquares = in.readDouble();
    for (int i = 0; i < sketch.projections.length; i++) {
      sketch.projections[i] = NumericSketch.read(in);
    }
    return sketch;
  }

  private static void writeDoubles(DataOutput out, double[] values) throws IOException {
    for (double value : values) {
      out.writeDouble(value);
    }
  }

  private static double[] readDoubles(DataInput in, double[] into) throws IOException {
    for (int j = 0; j < into.length; j++) {
      into[j] = in.readDouble();
    }
    return into;
  }
}
