package dev.monitoredinference.drift;

import java.lang.reflect.Array;
import java.util.List;

/**
 * The sketches of every feature over one stretch of traffic (a sub-window, a window, a baseline),
 * in {@link DriftSchema} order, plus the rows seen. Mergeable; not thread-safe.
 */
final class Profile {
  final Object[] sketches;
  long rows;
  /** Seeds KLL compaction ({@link KllRandomness}) together with the position in the stream. */
  private final long seed;

  private Profile(Object[] sketches, long seed) {
    this.sketches = sketches;
    this.seed = seed;
  }

  static Profile empty(List<DriftSchema.Feature> features, int k, int projections, long seed) {
    Object[] sketches = new Object[features.size()];
    for (int i = 0; i < sketches.length; i++) {
      switch (features.get(i).kind()) {
        case NUMERIC:
          sketches[i] = new NumericSketch(k);
          break;
        case CATEGORICAL:
          sketches[i] = new CategoricalSketch();
          break;
        default:
          sketches[i] = new EmbeddingSketch(k, projections, seed);
      }
    }
    return new Profile(sketches, seed);
  }

  static Profile of(Object[] sketches, long rows, long seed) {
    Profile profile = new Profile(sketches, seed);
    profile.rows = rows;
    return profile;
  }

  long seed() {
    return seed;
  }

  NumericSketch numeric(int feature) {
    return (NumericSketch) sketches[feature];
  }

  CategoricalSketch categorical(int feature) {
    return (CategoricalSketch) sketches[feature];
  }

  EmbeddingSketch embedding(int feature) {
    return (EmbeddingSketch) sketches[feature];
  }

  /** Adds rows {@code [from, to)} of {@code sample}. */
  void add(DriftSchema schema, Sample sample, int from, int to) {
    synchronized (KllRandomness.LOCK) {
      KllRandomness.reseed(seed, rows);
      for (int i = 0; i < sketches.length; i++) {
        DriftSchema.Feature feature = schema.features.get(i);
        Object data = sample.data()[feature.spec()];
        if (data != null) {
          boolean columns = schema.specs.get(feature.spec()).columns();
          add(i, feature, columns, data, sample.widths()[feature.spec()], sample.rows(), from,
              to);
        }
      }
    }
    rows += to - from;
  }

  private void add(int i, DriftSchema.Feature feature, boolean columns, Object data, int width,
      int sampleRows, int from, int to) {
    switch (feature.kind()) {
      case NUMERIC: {
        float[] values = (float[]) data;
        NumericSketch sketch = numeric(i);
        if (columns) {
          if (feature.column() < width) {
            for (int r = from; r < to; r++) {
              sketch.update(values[r * width + feature.column()]);
            }
          }
        } else {
          int per = values.length / Math.max(sampleRows, 1);
          for (int e = from * per; e < to * per; e++) {
            sketch.update(values[e]);
          }
        }
        break;
      }
      case CATEGORICAL: {
        CategoricalSketch sketch = categorical(i);
        int length = Array.getLength(data);
        int per = length / Math.max(sampleRows, 1);
        for (int e = from * per; e < to * per; e++) {
          sketch.update(category(data, e));
        }
        break;
      }
      default: {
        float[] values = (float[]) data;
        for (int r = from; r < to; r++) {
          embedding(i).update(values, r * width, width);
        }
      }
    }
  }

  /** Longer category values are cut to this many characters, bounding the sketch's memory. */
  static final int MAX_CATEGORY_LENGTH = 128;

  private static String category(Object data, int index) {
    if (data instanceof String[]) {
      String value = ((String[]) data)[index];
      return value.length() > MAX_CATEGORY_LENGTH ? value.substring(0, MAX_CATEGORY_LENGTH) : value;
    }
    if (data instanceof long[]) {
      return Long.toString(((long[]) data)[index]);
    }
    return Integer.toString(((int[]) data)[index]);
  }

  /** Adds {@code other}'s sketches into this one's. */
  void merge(Profile other) {
    synchronized (KllRandomness.LOCK) {
      KllRandomness.reseed(seed, ~(rows * 31 + other.rows));
      mergeSketches(other);
    }
    rows += other.rows;
  }

  private void mergeSketches(Profile other) {
    for (int i = 0; i < sketches.length; i++) {
      Object sketch = sketches[i];
      if (sketch instanceof NumericSketch) {
        ((NumericSketch) sketch).merge(other.numeric(i));
      } else if (sketch instanceof CategoricalSketch) {
        ((CategoricalSketch) sketch).merge(other.categorical(i));
      } else {
        ((EmbeddingSketch) sketch).merge(other.embedding(i));
      }
    }
  }

  /** Bytes the sketches take serialized, a close proxy for their heap size. */
  long serializedBytes() {
    long bytes = 0;
    for (Object sketch : sketches) {
      if (sketch instanceof NumericSketch) {
        bytes += ((NumericSketch) sketch).serializedBytes();
      } else if (sketch instanceof CategoricalSketch) {
        bytes += ((CategoricalSketch) sketch).serializedBytes();
      } else {
        bytes += ((EmbeddingSketch) sketch).serializedBytes();
      }
    }
    return bytes;
  }
}
