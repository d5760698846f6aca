package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.abuse.AbuseMonitor;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.internal.call.CallControl;
import dev.monitoredinference.internal.call.InterceptorChain;
import dev.monitoredinference.internal.call.SharedRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns texts into embedding vectors with an ONNX encoder model: validate and normalise, look up
 * the cache, tokenize, batch, encode, pool, normalise. Every call is monitored ({@code
 * operation=embeddings}) and the encoder's runs like any model's.
 *
 * <pre>{@code
 * TextEmbedder embedder = TextEmbedder.builder("query-encoder")
 *     .model(MonitoredModel.builder("query-encoder").modelFile(onnx).device(DevicePolicy.preferGpu(0))
 *         .metrics(meterRegistry))                  // the encoder's own meters
 *     .tokenizer(Tokenizers.huggingFace(tokenizerJson))
 *     .pooling(Pooling.MEAN).normalize(true).maxTokens(128)
 *     .cache(EmbeddingCache.caffeine(100_000, Duration.ofHours(6)))
 *     .batching(BatchingConfig.maxBatch(32).maxDelay(Duration.ofMillis(2)))
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
 *       validation and output guard, request and run timers ({@code operation=predict}, once per
 *       run). The embedder has no lease, output guard or runtime of its own; it only counts its
 *       calls in flight, so that closing can wait for them.
 *   <li>Pooling and L2 normalisation into one new array per text, stored in the cache and returned
 *       as is: no vector is flattened into a tensor and back (except, with drift on, one copy into
 *       the {@code embedding} output the drift link reads).
 * </ol>
 *
 * <p>The encoder may be the embedder's own or shared by several embedders ({@link
 * TextEmbedderBuilder#model(MonitoredModel)}); an embedder closes only an encoder it owns. It is a
 * {@link HealthContributor} (register it with a {@code ModelHealthRegistry}) and shuts down like a
 * model ({@link #shutdown(Duration)}).
 *
 * <p>Thread-safe. Token counts and truncation are reported for texts the encoder ran; cache hits
 * cost no tokens.
 */
public final class TextEmbedder implements AutoCloseable, HealthContributor {
  private static final Logger log = LoggerFactory.getLogger(TextEmbedder.class);

  private final String name;
  private final EmbeddingChain chain;
  private final MonitoredModel model;
  private final boolean ownsModel;
  private final long dimensions;
  private final @Nullable HealthContributor batcher;
  private final DriftMonitor drift;
  private final AbuseMonitor abuse;
  private final AutoCloseable telemetry;
  private final CallGate gate;

  TextEmbedder(String name, EmbeddingChain chain, MonitoredModel model, boolean ownsModel,
      long dimensions, @Nullable HealthContributor batcher, DriftMonitor drift, AbuseMonitor abuse,
      AutoCloseable telemetry) {
    this.name = name;
    this.chain = chain;
    this.model = model;
    this.ownsModel = ownsModel;
    this.dimensions = dimensions;
    this.batcher = batcher;
    this.drift = drift;
    this.abuse = abuse;
    this.telemetry = telemetry;
    this.gate = new CallGate(this::closeOwnedModel);
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
   * The embedding of {@code text} for {@code caller}, tracked (and, if flagged, throttled or
   * refused) by {@link TextEmbedderBuilder#abuse}; otherwise as {@link #embed(String)}.
   *
   * @throws dev.monitoredinference.abuse.CallerRefusedException if abuse detection refuses a
   *     flagged caller
   */
  public float[] embed(String text, CallerId caller) {
    requireNonNull(text, "text");
    return embedAll(List.of(text), caller).get(0);
  }

  /**
   * The embeddings of {@code texts}, in order, each a new array the caller owns; texts not in the
   * cache run in length-sorted chunks. Fails as {@link #embed} does, for the whole list.
   */
  public List<float[]> embedAll(List<String> texts) {
    return embedAll(texts, CallerId.anonymous());
  }

  /**
   * The embeddings of {@code texts} for {@code caller}: each text counts as one of its queries.
   * Fails as {@link #embed(String, CallerId)} does, for the whole list.
   */
  public List<float[]> embedAll(List<String> texts, CallerId caller) {
    requireNonNull(caller, "caller");
    EmbeddingRequest request = EmbeddingRequest.of(texts);
    if (!gate.enter()) {
      throw new ModelClosedException(name);
    }
    try {
      Prediction prediction = chain.execute(model.version(), request, caller);
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

  /** The encoder model, with its own chain and meters; shared or the embedder's own. */
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
   * The embedder's abuse detector ({@link TextEmbedderBuilder#abuse}); {@link
   * AbuseMonitor#disabled()} unless set.
   */
  public AbuseMonitor abuse() {
    return abuse;
  }

  /**
   * The embedder's health now: {@code DOWN} once closed; otherwise the worst of the encoder
   * model's health (its reasons prefixed {@code encoder '<name>': }; a shared encoder closed by its
   * owner makes the embedder {@code DOWN}), the micro-batcher's ({@code DEGRADED} while its
   * queue is full) and the embedder's drift ({@link DriftMonitor#health()}). Cheap; asks each.
   */
  @Override
  public HealthStatus health() {
    if (gate.isClosed()) {
      return HealthStatus.down("embedder is closed");
    }
    List<HealthStatus> parts = new ArrayList<>(3);
    parts.add(prefixed("encoder '" + model.name() + "': ", HealthStatus.of(model)));
    if (batcher != null) {
      parts.add(HealthStatus.of(batcher));
    }
    parts.add(drift.health());
    return HealthStatus.worstOf(parts);
  }

  private static HealthStatus prefixed(String prefix, HealthStatus status) {
    List<HealthStatus> named = new ArrayList<>(status.reasons().size());
    for (String reason : status.reasons()) {
      named.add(status.state() == HealthState.DOWN
          ? HealthStatus.down(prefix + reason) : HealthStatus.degraded(prefix + reason));
    }
    return HealthStatus.worstOf(named);
  }

  /** Whether {@link #close()} or {@link #shutdown} was called. */
  public boolean isClosed() {
    return gate.isClosed();
  }

  /**
   * Shuts the embedder down gracefully, with {@code MonitoredModel.shutdown}'s contract: refuses
   * new calls at once with {@link ModelClosedException}, waits up to {@code timeout} for the calls
   * in flight to return, and shuts an encoder it owns down within the same {@code timeout} (whose
   * runs still going then are told to terminate, so their calls fail with {@link
   * ModelClosedException}). A shared encoder is left running, and so are this embedder's calls on
   * it that outlast the timeout. Also does what {@link #close()} does. Blocks the caller for at
   * most {@code timeout}.
   *
   * <pre>{@code
   * boolean drained = embedder.shutdown(Duration.ofSeconds(10));
   * }</pre>
   *
   * @return whether every call (and, if owned, every encoder run) had returned within {@code
   *     timeout}
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean shutdown(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, but was " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException telemetryFailure = null;
    try {
      close();
    } catch (RuntimeException e) {
      telemetryFailure = e; // drain anyway, then report it
    }
    boolean drained = gate.awaitDrained(remaining(deadline));
    if (ownsModel) {
      drained &= model.shutdown(remaining(deadline));
    }
    if (telemetryFailure != null) {
      throw telemetryFailure;
    }
    return drained;
  }

  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /**
   * Refuses new calls, stops drift and abuse detection and removes their meters, and closes an encoder it owns once
   * running calls have returned (a shared encoder stays open). Idempotent.
   */
  @Override
  public void close() {
    if (!gate.close()) {
      return;
    }
    drift.close();
    try {
      telemetry.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the drift or abuse telemetry of '" + name + "' failed", e);
    }
  }

  /** Run once, when closed with no call left: maybe by the last call, so it must not throw. */
  private void closeOwnedModel() {
    if (!ownsModel) {
      return;
    }
    try {
      model.close();
    } catch (RuntimeException e) {
      log.warn("closing the encoder of embedder '{}' failed", name, e);
    }
  }

  @Override
  public String toString() {
    return "TextEmbedder[" + name + " over " + version() + "]";
  }
}
