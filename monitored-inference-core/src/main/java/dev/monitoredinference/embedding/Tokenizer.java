package dev.monitoredinference.embedding;

/**
 * Turns a text into token ids for an encoder. {@link Tokenizers#huggingFace} adapts a HuggingFace
 * {@code tokenizer.json}; any other implementation works as long as it is thread-safe.
 */
public interface Tokenizer {
  /**
   * A stable identity of the vocabulary and rules, e.g. {@code "huggingface:sha256:…"}: part of
   * every cache key, so it must change whenever the tokenizer would encode a text differently.
   */
  String identity();

  /**
   * Encodes {@code text} with the model's special tokens, truncated to at most {@code maxTokens}
   * tokens (the result says if it was).
   */
  TokenizedText encode(String text, int maxTokens);
}
