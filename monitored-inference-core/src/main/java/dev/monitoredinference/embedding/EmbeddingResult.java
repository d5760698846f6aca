package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;

/**
 * The vectors of one {@link TextEmbedder} call, one per text in order: the attribute {@code
 * prediction.attribute(EmbeddingResult.class)} of the prediction its chain returns, beside {@code
 * cache.EmbeddingUsage}. The arrays are not copied: each is new for the call and becomes the
 * caller's.
 *
 * <p>{@link #toString()} gives the count only.
 */
public final class EmbeddingResult {
  private final List<float[]> vectors;

  private EmbeddingResult(List<float[]> vectors) {
    this.vectors = vectors;
  }

  /** The result holding {@code vectors} (the list is wrapped, the arrays are not copied). */
  public static EmbeddingResult of(List<float[]> vectors) {
    return new EmbeddingResult(Collections.unmodifiableList(requireNonNull(vectors, "vectors")));
  }

  /** The vectors, one per text; the list is unmodifiable, the arrays are the caller's. */
  public List<float[]> vectors() {
    return vectors;
  }

  @Override
  public String toString() {
    return "EmbeddingResult[" + vectors.size() + " vectors]";
  }
}
