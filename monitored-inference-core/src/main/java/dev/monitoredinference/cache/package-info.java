/**
 * The embedding cache: {@link dev.monitoredinference.cache.EmbeddingCache}, Caffeine-backed, keyed
 * by a keyed hash of the model digest, tokenizer and text.
 */
@NullMarked
package dev.monitoredinference.cache;

import org.jspecify.annotations.NullMarked;
