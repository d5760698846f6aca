package dev.monitoredinference.spring.boot.properties;

import dev.monitoredinference.embedding.Pooling;
import dev.monitoredinference.validation.TextLengthPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One embedder's properties, {@code monitored-inference.embedders.<name>.*}. The encoder is either
 * a model bean ({@code model}, e.g. one under {@code models.<name>}, shared and closed by its
 * owner) or the embedder's own ({@code file}, or {@code repository} with {@code pin}: built and
 * closed with the embedder). {@code tokenizer} is required.
 */
public class EmbedderProperties {
  /** The encoder: the name of a MonitoredModel bean. Exclusive with file and repository. */
  private @Nullable String model;

  /** The embedder's own encoder: an ONNX file. Exclusive with model and repository. */
  private @Nullable Path file;

  /** The embedder's own encoder: a model repository's root. Exclusive with model and file. */
  private @Nullable Path repository;

  /** Which repository version of the own encoder to load: latest, 7, label:stable or sha256:... */
  private String pin = "latest";

  /** The encoder's HuggingFace tokenizer.json. */
  private @Nullable Path tokenizer;

  /** How token vectors become one vector: mean (under the attention mask) or cls. */
  private Pooling pooling = Pooling.MEAN;

  /** Whether vectors are scaled to unit L2 length. */
  private boolean normalize = true;

  /** Texts are cut to this many tokens, special tokens included. */
  private int maxTokens = 256;

  /** The longest text in UTF-16 units; longer ones are rejected or cut (text-length-policy). */
  private int maxTextLength = 4096;

  /** What happens to a text longer than max-text-length: reject or truncate. */
  private TextLengthPolicy textLengthPolicy = TextLengthPolicy.REJECT;

  /** Whether empty and whitespace-only texts are embedded instead of rejected. */
  private boolean allowEmptyText = false;

  /**
   * How long calls in flight may run when the application shuts down; an own encoder's runs
   * still going then are told to terminate.
   */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /** A cache of vectors (Caffeine), keyed by the encoder's digest, tokenizer and text. */
  private final EmbeddingCacheProperties cache = new EmbeddingCacheProperties();

  /** Micro-batching of concurrent single-text calls into one encoder run. */
  private final BatchingProperties batching = new BatchingProperties();

  public @Nullable String getModel() {
    return model;
  }

  public void setModel(@Nullable String model) {
    this.model = model;
  }

  public @Nullable Path getFile() {
    return file;
  }

  public void setFile(@Nullable Path file) {
    this.file = file;
  }

  public @Nullable Path getRepository() {
    return repository;
  }

  public void setRepository(@Nullable Path repository) {
    this.repository = repository;
  }

  public String getPin() {
    return pin;
  }

  public void setPin(String pin) {
    this.pin = pin;
  }

  public @Nullable Path getTokenizer() {
    return tokenizer;
  }

  public void setTokenizer(@Nullable Path tokenizer) {
    this.tokenizer = tokenizer;
  }

  public Pooling getPooling() {
    return pooling;
  }

  public void setPooling(Pooling pooling) {
    this.pooling = pooling;
  }

  public boolean isNormalize() {
    return normalize;
  }

  public void setNormalize(boolean normalize) {
    this.normalize = normalize;
  }

  public int getMaxTokens() {
    return maxTokens;
  }

  public void setMaxTokens(int maxTokens) {
    this.maxTokens = maxTokens;
  }

  public int getMaxTextLength() {
    return maxTextLength;
  }

  public void setMaxTextLength(int maxTextLength) {
    this.maxTextLength = maxTextLength;
  }

  public TextLengthPolicy getTextLengthPolicy() {
    return textLengthPolicy;
  }

  public void setTextLengthPolicy(TextLengthPolicy textLengthPolicy) {
    this.textLengthPolicy = textLengthPolicy;
  }

  public boolean isAllowEmptyText() {
    return allowEmptyText;
  }

  public void setAllowEmptyText(boolean allowEmptyText) {
    this.allowEmptyText = allowEmptyText;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public EmbeddingCacheProperties getCache() {
    return cache;
  }

  public BatchingProperties getBatching() {
    return batching;
  }
}
