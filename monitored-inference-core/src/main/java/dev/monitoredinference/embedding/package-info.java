/**
 * Query embeddings: {@link dev.monitoredinference.embedding.TextEmbedder} runs a tokenizer, an
 * ONNX encoder and pooling, with an optional cache and micro-batching.
 */
@NullMarked
package dev.monitoredinference.embedding;

import org.jspecify.annotations.NullMarked;
