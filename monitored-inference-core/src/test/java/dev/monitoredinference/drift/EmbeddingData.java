package dev.monitoredinference.drift;

import java.util.Random;

/** Synthetic unit-norm embeddings around topic centres. */
final class EmbeddingData {
  private EmbeddingData() {}

  static float[][] topics(Random random, int count, int d) {
    float[][] topics = new float[count][];
    for (int t = 0; t < count; t++) {
      topics[t] = normalized(random, null, d, 1);
    }
    return topics;
  }

  /** {@code rows} vectors from topics {@code [from, to)} uniformly, each centre plus noise. */
  static float[] vectors(Random random, float[][] topics, int from, int to, int rows) {
    int d = topics[0].length;
    float[] flat = new float[rows * d];
    for (int r = 0; r < rows; r++) {
      float[] v = normalized(random, topics[from + random.nextInt(to - from)], d, 0.6);
      System.arraycopy(v, 0, flat, r * d, d);
    }
    return flat;
  }

  /** Two thirds from topics 0–9, a third from topics 10–14. */
  static float[] mixed(Random random, float[][] topics, int rows) {
    int d = topics[0].length;
    float[] flat = new float[rows * d];
    for (int r = 0; r < rows; r++) {
      int topic = random.nextInt(3) < 2 ? random.nextInt(10) : 10 + random.nextInt(5);
      float[] v = normalized(random, topics[topic], d, 0.6);
      System.arraycopy(v, 0, flat, r * d, d);
    }
    return flat;
  }

  private static float[] normalized(Random random, float[] centre, int d, double noise) {
    float[] v = new float[d];
    double norm = 0;
    for (int j = 0; j < d; j++) {
      double x = (centre == null ? 0 : centre[j]) + noise * random.nextGaussian() / Math.sqrt(d);
      v[j] = (float) x;
      norm += x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int j = 0; j < d; j++) {
      v[j] *= scale;
    }
    return v;
  }
}
