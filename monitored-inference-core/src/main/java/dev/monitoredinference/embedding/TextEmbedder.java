package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.internal.call.CallControl;
import dev.monitoredinference.internal.call.InterceptorChain;
import dev.monitoredinference.internal.call.SharedRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns texts into embedding vectors with an ONNX encoder: normalise, look up the cache, tokenize,
 * batch, encode, pool, normalise. Every call is monitored like a prediction ({@code
 * operation=embeddings}) and the encoder's own runs like any model's.
 *
 * <pre>{@code
 * TextEmbedder embedder = TextEmbedder.builder("query-encoder")
 *     .model(MonitoredModel.builder("query-encoder").modelFile(onnx).device(DevicePolicy.preferGpu(0)))
 *     .tokenizer(Tokenizers.huggingFace(tokenizerJson))
 *     .pooling(Pooling.MEAN).normalize(true).maxTokens(128)
 *     .cache(EmbeddingCache.caffeine(100_000, Duration.ofHours(6)))
 *     .batching(Batching.maxBatch(32).maxDelay(Duration.ofMillis(2)))
 *     .metrics(meterRegistry)
 *     .build();
 * float[] v = embedder.embed("red running shoes");
 * }</pre>
 *
 * <p>Thread-safe. Texts are normalised (Unicode NFC, trimmed, whitespace runs as one space) before
 * anything else, so the cache key and the tokenizer see the same text. Token counts and truncation
 * are reported for texts the encoder ran; cache hits cost no tokens.
 */
public final class TextEmbedder implements AutoCloseable {
  private final String name;
  private final SharedRuntime runtime;
  private final InterceptorChain chain;
  private final MonitoredModel model;
  private final DriftMonitor drift;
  private final AutoCloseable driftMeters;

  TextEmbedder(String name, SharedRuntime runtime, InterceptorChain chain, MonitoredModel model,
      DriftMonitor drift, AutoCloseable driftMeters) {
    this.name = name;
    this.runtime = runtime;
    this.chain = chain;
    this.model = model;
    this.drift = drift;
    this.driftMeters = driftMeters;
  }

  /** A builder for the embedder called {@code name}, the {@code model} tag on its meters. */
  public static TextEmbedderBuilder builder(String name) {
    return new TextEmbedderBuilder(name);
  }

  /**
   * The embedding of {@code text}, a new array the caller owns.
   *
   * @throws dev.monitoredinference.InvalidInputException if the text is empty (unless allowed) or
   *     longer than {@code maxTextLength} with {@code REJECT}
   * @throws dev.monitoredinference.admission.ModelOverloadedException if the batch queue is full
   * @throws ModelClosedException if the embedder is closed
   * @throws dev.monitoredinference.ModelExecutionException if the encoder fails
   */
  public float[] embed(String text) {
    requireNonNull(text, "text");
    return embedAll(List.of(text)).get(0);
  }

  /**
   * The embeddings of {@code texts}, in order; texts not in the cache run in length-sorted chunks.
   * Fails as {@link #embed} does, for the whole list.
   */
  public List<float[]> embedAll(List<String> texts) {
    requireNonNull(texts, "texts");
    Prediction prediction = call(texts.toArray(new String[0]));
    Tensor embedding = prediction.output(EmbeddingRuntime.EMBEDDING);
    int dims = (int) embedding.dimension(1);
    float[] flat = embedding.floatArray();
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      float[] vector = new float[dims];
      System.arraycopy(flat, i * dims, vector, 0, dims);
      vectors.add(vector);
    }
    return vectors;
  }

  private Prediction call(String[] texts) {
    for (String text : texts) {
      requireNonNull(text, "a text is null");
    }
    CallControl control = runtime.begin(null);
    if (control == null) {
      throw new ModelClosedException(name);
    }
    try {
      return chain.execute(Inputs.of(EmbeddingRuntime.TEXT, Tensor.ofStrings(texts, texts.length)), control);
    } finally {
      runtime.end(control);
    }
  }

  /** The embedder's name. */
  public String name() {
    return name;
  }

  /** The encoder version serving calls, as a model from {@code text} to {@code embedding}. */
  public ModelVersion version() {
    return runtime.runtime().version();
  }

  /** The encoder model, with its own chain and meters. */
  public MonitoredModel model() {
    return model;
  }

  /**
   * The embedder's drift monitor ({@link TextEmbedderBuilder#drift}); {@link
   * DriftMonitor#disabled()} unless set.
   */
  public DriftMonitor drift() {
    return drift;
  }

  /**
   * Refuses new calls, stops drift and removes its meters, and closes the encoder once running
   * calls have returned. Idempotent.
   */
  @Override
  public void close() {
    if (!runtime.close()) {
      return;
    }
    drift.close();
    try {
      driftMeters.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the drift meters of '" + name + "' failed", e);
    }
  }

  @Override
  public String toString() {
    return "TextEmbedder[" + version() + "]";
  }
}
