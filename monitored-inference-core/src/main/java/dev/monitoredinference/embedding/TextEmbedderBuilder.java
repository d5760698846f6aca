package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.BatchTracing;
import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.abuse.AbuseConfig;
import dev.monitoredinference.abuse.AbuseListener;
import dev.monitoredinference.abuse.AbuseMonitor;
import dev.monitoredinference.batching.BatchObserver;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.internal.call.InterceptorChain;
import dev.monitoredinference.internal.call.SharedRuntime;
import dev.monitoredinference.internal.metrics.AbuseMeters;
import dev.monitoredinference.internal.metrics.DriftMeters;
import dev.monitoredinference.internal.metrics.EmbeddingMetrics;
import dev.monitoredinference.metrics.InferenceTags;
import dev.monitoredinference.validation.TextLengthPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link TextEmbedder}. Each setter checks its argument at once; a missing model or
 * tokenizer is reported by {@link #build()}.
 *
 * <p>The embedder's chain, outermost first: application interceptors ({@link #addInterceptor},
 * e.g. tracing), request timing and outcome counts ({@link #metrics}), abuse detection ({@link
 * #abuse}), drift ({@link #drift}: it
 * sees cache hits too), then the pipeline: text rules ({@link #maxTextLength}, {@link
 * #allowEmptyText}), cache, tokenizer, micro-batcher, and the encoder model with its own chain.
 * Not thread-safe.
 *
 * <p>The encoder is either the embedder's own ({@link #model(MonitoredModelBuilder)}: built and
 * closed with it) or shared ({@link #model(MonitoredModel)}: loaded once, e.g. for a query and a
 * catalogue embedder, and closed by whoever built it):
 *
 * <pre>{@code
 * try (MonitoredModel minilm = MonitoredModel.builder("minilm").modelFile(onnx).metrics(registry).build();
 *     TextEmbedder queries = TextEmbedder.builder("query-encoder").model(minilm).tokenizer(tokenizer)
 *         .cache(EmbeddingCache.caffeine(100_000)).metrics(registry).build();
 *     TextEmbedder titles = TextEmbedder.builder("catalogue-encoder").model(minilm).tokenizer(tokenizer)
 *         .build()) {
 *   ...
 * }
 * }</pre>
 */
public final class TextEmbedderBuilder {
  private static final int DEFAULT_CHUNK = 32;

  private final String name;
  private @Nullable MonitoredModelBuilder ownModel;
  private @Nullable MonitoredModel sharedModel;
  private @Nullable Tokenizer tokenizer;
  private Pooling pooling = Pooling.MEAN;
  private boolean normalize = true;
  private int maxTokens = 256;
  private int maxTextLength = 4096;
  private TextLengthPolicy textLengthPolicy = TextLengthPolicy.REJECT;
  private boolean allowEmptyText;
  private @Nullable EmbeddingCache cache;
  private @Nullable BatchingConfig batching;
  private @Nullable MeterRegistry registry;
  private final List<InferenceInterceptor> interceptors = new ArrayList<>();
  private @Nullable DriftConfig drift;
  private @Nullable AbuseConfig abuse;
  private final List<AbuseListener> abuseListeners = new ArrayList<>();
  private @Nullable BatchTracing batchTracer;

  TextEmbedderBuilder(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
    }
    this.name = name;
  }

  /**
   * The encoder, built by {@link #build()} and owned by the embedder: closed (or shut down) with
   * it. The builder is used as given, never changed: its own {@code metrics(...)} decides the
   * encoder's meters. Replaces an earlier {@link #model(MonitoredModel)}.
   */
  public TextEmbedderBuilder model(MonitoredModelBuilder model) {
    this.ownModel = requireNonNull(model, "model");
    this.sharedModel = null;
    return this;
  }

  /**
   * An encoder already built, shared with whoever else uses it (other embedders, direct calls):
   * the embedder never closes it; whoever built it does, after the embedders that use it.
   * Replaces an earlier {@link #model(MonitoredModelBuilder)}.
   */
  public TextEmbedderBuilder model(MonitoredModel model) {
    this.sharedModel = requireNonNull(model, "model");
    this.ownModel = null;
    return this;
  }

  /** The tokenizer that matches the encoder, e.g. {@link Tokenizers#huggingFace}. */
  public TextEmbedderBuilder tokenizer(Tokenizer tokenizer) {
    this.tokenizer = requireNonNull(tokenizer, "tokenizer");
    return this;
  }

  /** How token vectors become one vector; {@link Pooling#MEAN} unless set. */
  public TextEmbedderBuilder pooling(Pooling pooling) {
    this.pooling = requireNonNull(pooling, "pooling");
    return this;
  }

  /** Whether vectors are scaled to unit L2 length; true unless set. */
  public TextEmbedderBuilder normalize(boolean normalize) {
    this.normalize = normalize;
    return this;
  }

  /**
   * Texts are cut to this many tokens, special tokens included; 256 unless set. Cut texts are
   * listed as {@code length} adjustments and counted in {@code input.adjustments}.
   *
   * @throws IllegalArgumentException if {@code tokens < 2}
   */
  public TextEmbedderBuilder maxTokens(int tokens) {
    if (tokens < 2) {
      throw new IllegalArgumentException("maxTokens must be >= 2, but was " + tokens);
    }
    this.maxTokens = tokens;
    return this;
  }

  /**
   * Texts longer than {@code chars} UTF-16 units are rejected or cut, by {@code policy}; 4096 and
   * {@link TextLengthPolicy#REJECT} unless set.
   *
   * @throws IllegalArgumentException if {@code chars <= 0}
   */
  public TextEmbedderBuilder maxTextLength(int chars, TextLengthPolicy policy) {
    if (chars <= 0) {
      throw new IllegalArgumentException("maxTextLength must be > 0, but was " + chars);
    }
    this.maxTextLength = chars;
    this.textLengthPolicy = requireNonNull(policy, "policy");
    return this;
  }

  /** Embeds empty and whitespace-only texts instead of rejecting them (rule {@code empty}). */
  public TextEmbedderBuilder allowEmptyText() {
    this.allowEmptyText = true;
    return this;
  }

  /** Caches vectors; without it every text runs the encoder. A cache may serve several embedders. */
  public TextEmbedderBuilder cache(EmbeddingCache cache) {
    this.cache = requireNonNull(cache, "cache");
    return this;
  }

  /** Groups concurrent single-text calls into batched runs; without it each call runs alone. */
  public TextEmbedderBuilder batching(BatchingConfig batching) {
    this.batching = requireNonNull(batching, "batching");
    return this;
  }

  /**
   * Records the embedder's meters and the cache's in {@code registry}. The encoder's own meters
   * ({@code operation=predict}, {@code run.duration}, ...) are the encoder model's: set {@code
   * metrics(...)} on its builder.
   */
  public TextEmbedderBuilder metrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Watches the drift of the embeddings (configure {@code .embedding("embedding")}) and of the
   * other tensors {@code drift} names, after validation and before the cache, so cache hits are
   * sketched too; with {@link #metrics} also as {@code monitored.inference.drift.*} meters.
   */
  public TextEmbedderBuilder drift(DriftConfig drift) {
    this.drift = requireNonNull(drift, "drift");
    return this;
  }

  /**
   * Tracks each caller named in {@link TextEmbedder#embed(String, CallerId)} and flags floods,
   * probing and suspected extraction of the embedder ({@link AbuseConfig}): each text is one query,
   * fingerprinted from its words on the detector's thread; with {@link #metrics} also as {@code
   * monitored.inference.abuse.*} meters; throttles or refuses flagged callers when enforcing.
   */
  public TextEmbedderBuilder abuse(AbuseConfig abuse) {
    this.abuse = requireNonNull(abuse, "abuse");
    return this;
  }

  /** Adds a listener for the detections of {@link #abuse}. */
  public TextEmbedderBuilder abuseListener(AbuseListener listener) {
    abuseListeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Traces each micro-batched encoder run as one span linked to the span of every call in the
   * batch, e.g. the OTel module's tracing ({@code InferenceTelemetry.instrument(builder)} sets it
   * with the tracing interceptor). Without it batched runs are not traced as batches. Only
   * matters with {@link #batching}.
   */
  public TextEmbedderBuilder batchTracer(BatchTracing tracer) {
    this.batchTracer = requireNonNull(tracer, "tracer");
    return this;
  }

  /** Adds an application interceptor around every embedding call (e.g. tracing). */
  public TextEmbedderBuilder addInterceptor(InferenceInterceptor interceptor) {
    interceptors.add(requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /**
   * Builds the encoder (unless it is shared) and assembles the embedder.
   *
   * @throws IllegalStateException if no model or no tokenizer was given, or the shared model is
   *     closed
   * @throws IllegalArgumentException if the model is not a text encoder (inputs {@code input_ids},
   *     {@code attention_mask}, optional {@code token_type_ids}; a float {@code [batch, tokens,
   *     dims]} output)
   * @throws dev.monitoredinference.ModelLoadException if the encoder cannot be loaded
   */
  public TextEmbedder build() {
    boolean noModel = ownModel == null && sharedModel == null;
    if (abuse == null && !abuseListeners.isEmpty()) {
      throw new IllegalStateException("embedder '" + name + "' was given abuse listener(s) but no abuse(...)");
    }
    if (noModel || tokenizer == null) {
      throw new IllegalStateException("embedder '" + name + "' needs a model and a tokenizer, but "
          + (noModel ? "model" : "tokenizer") + " was not given");
    }
    if (sharedModel != null) {
      if (sharedModel.isClosed()) {
        throw new IllegalStateException("embedder '" + name + "' was given encoder '"
            + sharedModel.name() + "', which is closed");
      }
      return assemble(sharedModel, false);
    }
    MonitoredModel encoderModel = requireNonNull(ownModel).build();
    try {
      return assemble(encoderModel, true);
    } catch (RuntimeException e) {
      encoderModel.close(); // nothing else owns it yet
      throw e;
    }
  }

  private TextEmbedder assemble(MonitoredModel encoderModel, boolean ownsModel) {
    EmbeddingMetrics metrics = registry == null ? null : EmbeddingMetrics.register(registry, name);
    BatchObserver observer = metrics == null ? BatchObserver.NONE : metrics.batches();
    Encoder encoder = new Encoder(encoderModel, pooling, normalize, observer);
    EmbeddingSettings settings = new EmbeddingSettings(pooling, normalize, maxTokens,
        batching == null ? DEFAULT_CHUNK : batching.maxBatch());
    TextRules rules = new TextRules(name, maxTextLength, textLengthPolicy, allowEmptyText);
    EmbeddingPipeline pipeline = new EmbeddingPipeline(name, encoder, requireNonNull(tokenizer),
        settings, rules, cache, batching, observer, batchTracer, drift != null);
    if (cache != null && registry != null) {
      cache.bindTo(registry, name + ".embeddings", Tags.of(InferenceTags.MODEL, name));
    }
    List<InferenceInterceptor> links = new ArrayList<>(interceptors);
    if (metrics != null) {
      links.add(metrics.requestTiming());
      links.add(metrics.outcomes());
    }
    AbuseMeters abuseMeters = abuse == null || registry == null ? null : AbuseMeters.register(registry, name);
    List<AbuseListener> hearAbuse = new ArrayList<>(abuseListeners);
    if (abuseMeters != null) {
      hearAbuse.add(abuseMeters);
    }
    AbuseMonitor abuseMonitor = abuse == null ? AbuseMonitor.disabled() : abuse.monitor(name, hearAbuse);
    if (abuse != null) {
      // Inside the outcome counts (refusals are counted), outside drift and the pipeline (the
      // text rules' rejections are the caller's).
      links.add(abuseMonitor.textInterceptor(name, inputs ->
          inputs.attribute(EmbeddingRequest.class).map(EmbeddingRequest::texts).orElse(List.of())));
      if (abuseMeters != null) {
        abuseMeters.watch(abuseMonitor);
      }
    }
    DriftMonitor monitor = drift == null ? DriftMonitor.disabled() : drift.monitor(name, List.of());
    AutoCloseable driftMeters = () -> {};
    if (drift != null) {
      links.add(monitor.interceptor());
      if (registry != null) {
        driftMeters = DriftMeters.register(registry, name, encoderModel.version().version(), monitor);
      }
    }
    AutoCloseable meters = driftMeters;
    AutoCloseable telemetry = () -> {
      abuseMonitor.close();
      if (abuseMeters != null) {
        abuseMeters.close();
      }
      meters.close();
    };
    return new TextEmbedder(name, new EmbeddingChain(name, links, pipeline), encoderModel, ownsModel,
        encoder.dimensions(), pipeline.batcher(), monitor, abuseMonitor, telemetry);
  }
}
