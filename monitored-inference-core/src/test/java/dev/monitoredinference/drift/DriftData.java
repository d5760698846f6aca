package dev.monitoredinference.drift;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic traffic and engine helpers for the drift tests. */
final class DriftData {
  static final ModelVersion V1 = version("1", 'a');
  static final ModelVersion V2 = version("2", 'b');

  private DriftData() {}

  static ModelVersion version(String label, char digit) {
    return ModelVersion.builder("ranker", label)
        .digest("sha256:" + String.valueOf(digit).repeat(64))
        .input(TensorSpec.of("features", ElementType.FLOAT, -1, -1))
        .output(TensorSpec.of("score", ElementType.FLOAT, -1, 1))
        .build();
  }

  static List<String> columns(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("f" + i);
    }
    return names;
  }

  /** {@code rows} rows of {@code width} N(0, 1) columns, column {@code shifted} moved by {@code shift}. */
  static float[] gaussianRows(Random random, int rows, int width, int shifted, double shift) {
    float[] flat = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < width; c++) {
        flat[r * width + c] = (float) (random.nextGaussian() + (c == shifted ? shift : 0));
      }
    }
    return flat;
  }

  /** A sample of the single configured source. */
  static Sample sample(ModelVersion version, Object data, int width, int rows) {
    return new Sample(version, new Object[] {data}, new int[] {width}, rows);
  }

  /** Feeds {@code flat} in batches of 100 rows. */
  static void feed(DriftEngine engine, ModelVersion version, float[] flat, int width, long now) {
    int rows = flat.length / width;
    for (int from = 0; from < rows; from += 100) {
      int count = Math.min(100, rows - from);
      float[] batch = new float[count * width];
      System.arraycopy(flat, from * width, batch, 0, batch.length);
      engine.add(sample(version, batch, width, count), now);
    }
  }

  static DriftConfigBuilder countWindows(long baseline, long window) {
    return DriftConfig.builder()
        .baseline(Baseline.capture(baseline))
        .windowSamples(window)
        .subWindows(1)
        .ticker(() -> 0L);
  }
}
