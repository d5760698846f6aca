package dev.monitoredinference.embedding;

/**
 * How texts become vectors, fixed when an embedder is built.
 *
 * @param chunk the most texts one run encodes
 */
record EmbeddingSettings(Pooling pooling, boolean normalize, int maxTokens, int chunk) {

  /** The settings that change a vector: part of every cache key. */
  String vectorScope() {
    return pooling + "|normalize=" + normalize + "|maxTokens=" + maxTokens;
  }
}
