package dev.monitoredinference.embedding;

/** How token vectors ({@code [batch, tokens, dims]}) become one vector per text. */
public enum Pooling {
  /** The mean of the token vectors under the attention mask: padding never counts. */
  MEAN,
  /** The first token's vector ({@code [CLS]}). */
  CLS
}
