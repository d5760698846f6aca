package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.BatchTracing;
import dev.monitoredinference.CacheResult;
import dev.monitoredinference.InputAdjustment;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.batching.BatchObserver;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.batching.MicroBatcher;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.cache.EmbeddingUsage;
import dev.monitoredinference.runtime.ModelRuntime;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The end of a {@link TextEmbedder}'s chain, where texts become vectors: validates and normalises
 * them ({@link TextRules}), answers what it can from the cache, tokenizes and encodes the rest
 * (through the micro-batcher for a single text, in length-sorted chunks for lists) and returns a
 * prediction holding {@link EmbeddingResult} and {@link EmbeddingUsage}. Not a model runtime: it
 * holds no native resources, and the encoder model takes its own lease for each run.
 */
final class EmbeddingPipeline {
  /** The output the drift link reads the vectors from, {@code [texts, dims]}. */
  static final String EMBEDDING = "embedding";

  private final String name;
  private final Encoder encoder;
  private final Tokenizer tokenizer;
  private final EmbeddingSettings settings;
  private final TextRules rules;
  private final @Nullable EmbeddingCache cache;
  private final @Nullable MicroBatcher<Queued, Embedded> batcher;
  private final @Nullable BatchTracing tracing;
  private final boolean embeddingOutput;
  private volatile @Nullable CacheScope scope;

  /**
   * @param embeddingOutput whether predictions also carry the vectors as the output {@code
   *     embedding [texts, dims]}: only for the drift link, which reads tensors
   */
  EmbeddingPipeline(String name, Encoder encoder, Tokenizer tokenizer, EmbeddingSettings settings,
      TextRules rules, @Nullable EmbeddingCache cache, @Nullable BatchingConfig batching,
      BatchObserver observer, @Nullable BatchTracing tracing, boolean embeddingOutput) {
    this.name = name;
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.settings = settings;
    this.rules = rules;
    this.cache = cache;
    this.tracing = tracing;
    this.embeddingOutput = embeddingOutput;
    this.batcher = batching == null ? null
        : new MicroBatcher<>(name, batching, queued -> lengthBucket(queued.tokens()), this::encodeBatch, observer);
  }

  /** Sequence lengths batched together: up to 8, 9–16, 17–32, … (powers of two). */
  static int lengthBucket(TokenizedText text) {
    return Math.max(3, 32 - Integer.numberOfLeadingZeros(text.length() - 1));
  }

  /** The micro-batcher, or null without batching. */
  @Nullable MicroBatcher<?, ?> batcher() {
    return batcher;
  }

  /** A text waiting in the micro-batcher, with its caller's trace context if tracing is on. */
  record Queued(TokenizedText tokens, @Nullable Object context) {}

  /** One text's vector from the batcher, and the digest of the version that computed it. */
  record Embedded(float[] vector, String digest) {}

  /** Encodes one micro-batch; with tracing, as one span linked to each caller's span. */
  private List<Embedded> encodeBatch(List<Queued> batch) {
    List<TokenizedText> tokens = new ArrayList<>(batch.size());
    batch.forEach(queued -> tokens.add(queued.tokens()));
    Encoder.Encoded encoded;
    if (tracing == null) {
      encoded = encoder.encode(tokens);
    } else {
      List<Object> contexts = new ArrayList<>(batch.size());
      batch.forEach(queued -> contexts.add(requireNonNull(queued.context())));
      encoded = tracing.traceBatch(name, contexts, () -> encoder.encode(tokens));
    }
    List<Embedded> embedded = new ArrayList<>(batch.size());
    encoded.vectors().forEach(vector -> embedded.add(new Embedded(vector, encoded.digest())));
    return embedded;
  }

  /**
   * The vectors of {@code request}, computed against {@code served} (the encoder version the call
   * started with: it names the cache entries).
   *
   * @throws dev.monitoredinference.InvalidInputException if a text breaks a {@link TextRules} rule
   */
  Prediction embed(ModelVersion served, EmbeddingRequest request) {
    TextRules.Checked checked = rules.check(request.texts(), served.version());
    String[] texts = checked.texts();
    float[][] vectors = new float[texts.length][];
    Work work = new Work(served.digest());
    CacheResult cacheResult = CacheResult.NONE;
    if (cache == null) {
      for (int i = 0; i < texts.length; i++) {
        work.claim(i, texts[i], null);
      }
      compute(work, vectors);
    } else {
      String scope = scope(served);
      EmbeddingCache.Lookup[] lookups = new EmbeddingCache.Lookup[texts.length];
      try {
        for (int i = 0; i < texts.length; i++) {
          lookups[i] = cache.lookup(scope, texts[i]);
          if (lookups[i].claimed()) {
            work.claim(i, texts[i], lookups[i]);
          }
        }
      } catch (RuntimeException | Error failure) {
        releaseClaims(work, vectors, failure);
        throw failure;
      }
      compute(work, vectors);
      for (int i = 0; i < texts.length; i++) {
        if (vectors[i] == null) {
          vectors[i] = lookups[i].join();
        }
      }
      cacheResult = work.items.isEmpty() ? CacheResult.HIT : CacheResult.MISS;
    }
    return prediction(served, vectors, work, cacheResult).withAdjustments(checked.adjustments());
  }

  /** The cache scope of {@code served}: computed once per encoder version, not per call. */
  private String scope(ModelVersion served) {
    CacheScope current = scope;
    if (current == null || current.version != served) {
      current = new CacheScope(served,
          served.digest() + '|' + tokenizer.identity() + '|' + settings.vectorScope());
      scope = current;
    }
    return current.scope;
  }

  private static final class CacheScope {
    final ModelVersion version;
    final String scope;

    CacheScope(ModelVersion version, String scope) {
      this.version = version;
      this.scope = scope;
    }
  }

  /** Tokenizes and encodes the claimed texts; on failure, releases their cache waiters with it. */
  private void compute(Work work, float[][] vectors) {
    try {
      for (Item item : work.items) {
        TokenizedText tokens = tokenizer.encode(item.text, settings.maxTokens());
        item.tokens = tokens;
        work.tokens += tokens.length();
        work.truncated += tokens.truncated() ? 1 : 0;
      }
      if (batcher != null && work.items.size() == 1) {
        Item only = work.items.get(0);
        Object context = tracing == null ? null : tracing.currentContext();
        Embedded embedded = batcher.submit(new Queued(requireNonNull(only.tokens), context));
        store(work, only, embedded.vector(), embedded.digest(), vectors);
        return;
      }
      List<Item> sorted = new ArrayList<>(work.items);
      sorted.sort(Comparator.comparingInt(item -> requireNonNull(item.tokens).length()));
      for (int start = 0; start < sorted.size(); start += settings.chunk()) {
        List<Item> chunk = sorted.subList(start, Math.min(sorted.size(), start + settings.chunk()));
        List<TokenizedText> tokens = new ArrayList<>(chunk.size());
        chunk.forEach(item -> tokens.add(item.tokens));
        Encoder.Encoded encoded = encoder.encode(tokens);
        for (int i = 0; i < chunk.size(); i++) {
          store(work, chunk.get(i), encoded.vectors().get(i), encoded.digest(), vectors);
        }
      }
    } catch (RuntimeException | Error failure) {
      releaseClaims(work, vectors, failure);
      throw failure;
    }
  }

  /** Fails every claim not yet completed, so that no waiter blocks on it forever. */
  private static void releaseClaims(Work work, float[][] vectors, Throwable failure) {
    RuntimeException cause = failure instanceof RuntimeException ? (RuntimeException) failure
        : new IllegalStateException("embedding failed", failure);
    for (Item item : work.items) {
      if (item.lookup != null && vectors[item.index] == null) {
        item.lookup.fail(cause);
      }
    }
  }

  /**
   * Keeps {@code vector} and hands it to the text's waiters; caches it only if the version that
   * computed it is the one the cache key names (during a canary or a swap another may answer).
   */
  private static void store(Work work, Item item, float[] vector, String digest, float[][] vectors) {
    vectors[item.index] = vector;
    if (item.lookup != null) {
      if (digest.equals(work.digest)) {
        item.lookup.complete(vector);
      } else {
        item.lookup.completeUncached(vector);
      }
    }
  }

  private Prediction prediction(ModelVersion served, float[][] vectors, Work work, CacheResult cacheResult) {
    Prediction.Builder prediction = Prediction.builder(served)
        .attribute(EmbeddingResult.class, EmbeddingResult.of(Arrays.asList(vectors)))
        .attribute(EmbeddingUsage.class, EmbeddingUsage.of(cacheResult, work.tokens));
    if (embeddingOutput) {
      prediction.put(EMBEDDING, rows(vectors));
    }
    Prediction built = prediction.build();
    return work.truncated == 0 ? built
        : built.withAdjustments(List.of(InputAdjustment.of(TextRules.INPUT, InputRule.LENGTH, work.truncated)));
  }

  /** The vectors as one {@code [texts, dims]} tensor, a copy for the drift link. */
  private Tensor rows(float[][] vectors) {
    int dims = vectors.length == 0 ? (int) Math.max(0, encoder.dimensions()) : vectors[0].length;
    float[] flat = new float[vectors.length * dims];
    for (int i = 0; i < vectors.length; i++) {
      System.arraycopy(vectors[i], 0, flat, i * dims, dims);
    }
    return Tensor.ofFloats(flat, vectors.length, dims);
  }

  /** The texts this call computes itself, and what encoding them took. */
  private static final class Work {
    final String digest;
    final List<Item> items = new ArrayList<>();
    long tokens;
    int truncated;

    Work(String digest) {
      this.digest = digest;
    }

    void claim(int index, String text, EmbeddingCache.@Nullable Lookup lookup) {
      items.add(new Item(index, text, lookup));
    }
  }

  private static final class Item {
    final int index;
    final String text;
    final EmbeddingCache.@Nullable Lookup lookup;
    @Nullable TokenizedText tokens;

    Item(int index, String text, EmbeddingCache.@Nullable Lookup lookup) {
      this.index = index;
      this.text = text;
      this.lookup = lookup;
    }
  }
}
