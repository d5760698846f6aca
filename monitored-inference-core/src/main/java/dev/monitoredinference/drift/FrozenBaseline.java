package dev.monitoredinference.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A baseline after capture: its merged sketches, its provenance, and what is fixed from it once
 * so that every window is binned alike: numeric bin edges from its quantiles, the categories a
 * categorical feature bins separately. Immutable after construction; read by the drift thread.
 */
final class FrozenBaseline {
  final Profile profile;
  final BaselineProvenance provenance;
  private final Object[] bins;

  FrozenBaseline(DriftSchema schema, Profile profile, BaselineProvenance provenance, int binCount,
      int maxCategories) {
    this.profile = profile;
    this.provenance = provenance;
    this.bins = new Object[schema.features.size()];
    for (int i = 0; i < bins.length; i++) {
      Object sketch = profile.sketches[i];
      if (sketch instanceof NumericSketch) {
        bins[i] = splits((NumericSketch) sketch, binCount);
      } else if (sketch instanceof CategoricalSketch) {
        bins[i] = categories((CategoricalSketch) sketch, maxCategories);
      }
    }
  }

  /** Split points at the baseline's 1/m … (m−1)/m quantiles, strictly increasing. */
  static float[] splits(NumericSketch baseline, int binCount) {
    if (baseline.n() == 0) {
      return new float[0];
    }
    double[] ranks = new double[binCount - 1];
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = (i + 1.0) / binCount;
    }
    float[] quantiles = baseline.kll.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
    float[] unique = new float[quantiles.length];
    int count = 0;
    for (float q : quantiles) {
      if (count == 0 || q > unique[count - 1]) {
        unique[count++] = q;
      }
    }
    return Arrays.copyOf(unique, count);
  }

  /** The baseline's categories holding at least max(1 %, 2·error) of it, most frequent first. */
  static String[] categories(CategoricalSketch baseline, int maxCategories) {
    long n = baseline.n();
    if (n == 0) {
      return new String[0];
    }
    long floor = Math.max((long) Math.ceil(0.01 * n), 2 * baseline.maxError());
    List<String> kept = new ArrayList<>();
    for (ItemsSketch.Row<String> row : baseline.items.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
      if (row.getEstimate() >= floor && kept.size() < maxCategories) {
        kept.add(row.getItem());
      }
    }
    return kept.toArray(new String[0]);
  }

  float[] splits(int feature) {
    return (float[]) bins[feature];
  }

  String[] categories(int feature) {
    return (String[]) bins[feature];
  }
}
