package dev.monitoredinference.internal.versioning;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import java.util.Arrays;
import java.util.BitSet;

/**
 * How far a candidate's outputs are from the baseline's for the same inputs, over every float
 * output of rank 2 both have with the same shape: {@code [batch, 1]} outputs are scores (mean
 * absolute difference over the batch, and top-k rank agreement when the batch has two or more
 * rows), {@code [batch, d]} outputs with {@code d > 1} are embeddings (mean cosine similarity of
 * the rows). Other outputs are not compared. A method with nothing to compare is NaN.
 */
public final class Divergence {
  private final double meanAbsDiff;
  private final double rankAgreement;
  private final double cosine;

  private Divergence(double meanAbsDiff, double rankAgreement, double cosine) {
    this.meanAbsDiff = meanAbsDiff;
    this.rankAgreement = rankAgreement;
    this.cosine = cosine;
  }

  /** Compares {@code candidate} with {@code baseline}; {@code topK} bounds rank agreement. */
  public static Divergence between(Prediction baseline, Prediction candidate, int topK) {
    double absDiff = 0;
    double rank = 0;
    double cosines = 0;
    int scoreOutputs = 0;
    int rankedOutputs = 0;
    int embeddingOutputs = 0;
    for (int i = 0; i < baseline.size(); i++) {
      String name = baseline.name(i);
      Tensor base = baseline.output(name);
      Tensor cand = candidate.asMap().get(name);
      if (cand == null || base.type() != ElementType.FLOAT || cand.type() != ElementType.FLOAT
          || base.rank() != 2 || !Arrays.equals(base.shape(), cand.shape()) || base.size() == 0) {
        continue;
      }
      float[] b = base.floatArray();
      float[] c = cand.floatArray();
      int rows = (int) base.dimension(0);
      if (base.dimension(1) == 1) {
        absDiff += meanAbsDiff(b, c);
        scoreOutputs++;
        if (rows >= 2) {
          rank += rankAgreement(b, c, Math.min(topK, rows));
          rankedOutputs++;
        }
      } else {
        cosines += meanCosine(b, c, rows, (int) base.dimension(1));
        embeddingOutputs++;
      }
    }
    return new Divergence(mean(absDiff, scoreOutputs), mean(rank, rankedOutputs),
        mean(cosines, embeddingOutputs));
  }

  /** Mean absolute difference of the scores; NaN without score outputs. */
  public double meanAbsDiff() {
    return meanAbsDiff;
  }

  /** Share of the baseline's top k rows that are also the candidate's top k; NaN if unranked. */
  public double rankAgreement() {
    return rankAgreement;
  }

  /** Mean cosine similarity of embedding rows; NaN without embedding outputs. */
  public double cosine() {
    return cosine;
  }

  /**
   * One distance for the rollback guard: the larger of the mean absolute difference and 1 − cosine
   * where present; NaN when nothing was compared.
   */
  public double distance() {
    double embeddings = Double.isNaN(cosine) ? Double.NaN : 1 - cosine;
    if (Double.isNaN(meanAbsDiff)) {
      return embeddings;
    }
    return Double.isNaN(embeddings) ? meanAbsDiff : Math.max(meanAbsDiff, embeddings);
  }

  private static double meanAbsDiff(float[] b, float[] c) {
    double sum = 0;
    for (int i = 0; i < b.length; i++) {
      sum += Math.abs((double) c[i] - b[i]);
    }
    return sum / b.length;
  }

  private static double rankAgreement(float[] b, float[] c, int k) {
    BitSet baseTop = top(b, k);
    baseTop.and(top(c, k));
    return (double) baseTop.cardinality() / k;
  }

  /** The rows of the {@code k} highest scores; ties go to the lower row, as a stable sort does. */
  private static BitSet top(float[] scores, int k) {
    Integer[] rows = new Integer[scores.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    Arrays.sort(rows, (x, y) -> Float.compare(scores[y], scores[x]));
    BitSet top = new BitSet(scores.length);
    for (int i = 0; i < k; i++) {
      top.set(rows[i]);
    }
    return top;
  }

  private static double meanCosine(float[] b, float[] c, int rows, int dims) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double dot = 0;
      double nb = 0;
      double nc = 0;
      for (int d = r * dims; d < (r + 1) * dims; d++) {
        dot += (double) b[d] * c[d];
        nb += (double) b[d] * b[d];
        nc += (double) c[d] * c[d];
      }
      // Two zero vectors are the same answer; one zero vector shares no direction with another.
      sum += nb == 0 && nc == 0 ? 1 : nb == 0 || nc == 0 ? 0 : dot / Math.sqrt(nb * nc);
    }
    return sum / rows;
  }

  private static double mean(double sum, int count) {
    return count == 0 ? Double.NaN : sum / count;
  }

  @Override
  public String toString() {
    return "Divergence[meanAbsDiff=" + meanAbsDiff + ", rankAgreement=" + rankAgreement
        + ", cosine=" + cosine + "]";
  }
}
