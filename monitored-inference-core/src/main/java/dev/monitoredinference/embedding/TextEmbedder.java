package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.drift.DriftMonitor;
import java.util.List;

/**
 * Turns texts into embedding vectors with an ONNX encoder model: validate and normalise, look up
 * the cache, tokenize, batch, encode, pool, normalise. Every call is monitored ({@code
 * operation=embeddings}) and the encoder's runs like any model's.
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
 * <p>The path of one call, hop by hop:
 *
 * <ol>
 *   <li>{@code embed}/{@code embedAll}: the embedder counts the call in (refused with {@link
 *       ModelClosedException} once closed) and reads the encoder's serving version once.
 *   <li>The embedder's interceptors, outermost first: application interceptors ({@code
 *       addInterceptor}, e.g. tracing), the request timer ({@code request.duration{operation=
 *       embeddings}}, once per call) and outcome counts, then drift. Their inputs carry no tensor,
 *       only the call's {@link EmbeddingRequest}; the prediction they get back carries {@link
 *       EmbeddingResult} and {@code cache.EmbeddingUsage}.
 *   <li>Text rules: the length limit on the texts as given, normalisation (Unicode NFC, trimmed,
 *       whitespace runs as one space, so the cache key and the tokenizer see the same text), the
 *       empty-text rule.
 *   <li>The cache, keyed by the encoder version's digest: hits are answered here.
 *   <li>The tokenizer, for the texts the cache did not answer.
 *   <li>The micro-batcher for a single text (its batch runs on the thread of its first caller),
 *       length-sorted chunks for a list.
 *   <li>The encoder: {@code MonitoredModel.predict} with the padded ids and mask — its own lease,
 *       validation and output guard, run timer ({@code operation=predict}, once per run).
 *   <li>Pooling and L2 normalisation into one new array per text, stored in the cache and returned
 *       as is: no vector is flattened into a tensor and back (except, with drift on, one copy into
 *       the {@code embedding} output the drift link reads).
 * </ol>
 *
 * <p>Thread-safe. Token counts and truncation are reported for texts the encoder ran; cache hits
 * cost no tokens.
 */
public final class TextEmbedder implements AutoCloseable {
  private final String name;
  private final EmbeddingChain chain;
  private final MonitoredModel model;
  private final long dimensions;
  private final DriftMonitor drift;
  private final AutoCloseable driftMeters;
  private final CallGate gate;

  TextEmbedder(String name, EmbeddingChain chain, MonitoredModel model, long dimensions,
      DriftMonitor drift, AutoCloseable driftMeters) {
    this.name = name;
    this.chain = chain;
    this.model = model;
    this.dimensions = dimensions;
    this.drift = drift;
    this.driftMeters = driftMeters;
    this.gate = new CallGate(model::close);
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
   * The embeddings of {@code texts}, in order, each a new array the caller owns; texts not in the
   * cache run in length-sorted chunks. Fails as {@link #embed} does, for the whole list.
   */
  public List<float[]> embedAll(List<String> texts) {
    EmbeddingRequest request = EmbeddingRequest.of(texts);
    if (!gate.enter()) {
      throw new ModelClosedException(name);
    }
    try {
      Prediction prediction = chain.execute(model.version(), request);
      List<float[]> vectors = prediction.attribute(EmbeddingResult.class)
          .orElseThrow(() -> new IllegalStateException("an interceptor of embedder '" + name
              + "' answered without an EmbeddingResult: " + prediction))
          .vectors();
      if (vectors.size() != request.size()) {
        throw new IllegalStateException("embedder '" + name + "' was asked for " + request.size()
            + " vectors, but its chain answered " + vectors.size());
      }
      return vectors;
    } finally {
      gate.exit();
    }
  }

  /** The embedder's name. */
  public String name() {
    return name;
  }

  /** The encoder version serving calls: the encoder model's own {@link MonitoredModel#version()}. */
  public ModelVersion version() {
    return model.version();
  }

  /**
   * The length of the vectors, as the encoder declares its output ({@code [batch, tokens, dims]});
   * {@link dev.monitoredinference.TensorSpec#FREE} if it leaves it open.
   */
  public long dimensions() {
    return dimensions;
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
    if (!gate.close()) {
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
    return "TextEmbedder[" + name + " over " + version() + "]";
  }
}
