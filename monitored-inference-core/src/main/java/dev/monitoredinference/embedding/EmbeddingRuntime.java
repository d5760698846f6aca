package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.BatchTracing;
import dev.monitoredinference.CacheResult;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.InputAdjustment;
import dev.monitoredinference.InputRule;
import dev.monitoredinference.InputViolation;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.InvalidInputException;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.batching.BatchObserver;
import dev.monitoredinference.batching.Batching;
import dev.monitoredinference.batching.MicroBatcher;
import dev.monitoredinference.cache.EmbeddingCache;
import dev.monitoredinference.cache.EmbeddingUsage;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The end of a {@link TextEmbedder}'s chain: normalises texts, answers what it can from the
 * cache, tokenizes and encodes the rest (through the micro-batcher for single texts, in
 * length-sorted chunks for lists), and returns {@code embedding [texts, dims]}.
 */
final class EmbeddingRuntime implements ModelRuntime {
  static final String TEXT = "text";
  static final String EMBEDDING = "embedding";
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final String name;
  private final MonitoredModel model;
  private final Encoder encoder;
  private final Tokenizer tokenizer;
  private final EmbeddingSettings settings;
  private final @Nullable EmbeddingCache cache;
  private final @Nullable MicroBatcher<Queued, Embedded> batcher;
  private final @Nullable BatchTracing tracing;
  private volatile @Nullable Versions versions;

  /** The encoder's version and this runtime's view of it, replaced together. */
  private static final class Versions {
    final ModelVersion encoder;
    final ModelVersion embedder;

    Versions(ModelVersion encoder, ModelVersion embedder) {
      this.encoder = encoder;
      this.embedder = embedder;
    }
  }

  EmbeddingRuntime(String name, MonitoredModel model, Encoder encoder, Tokenizer tokenizer,
      EmbeddingSettings settings, @Nullable EmbeddingCache cache, @Nullable Batching batching,
      BatchObserver observer, @Nullable BatchTracing tracing) {
    this.name = name;
    this.model = model;
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.settings = settings;
    this.cache = cache;
    this.tracing = tracing;
    this.batcher = batching == null ? null
        : new MicroBatcher<>(name, batching, queued -> lengthBucket(queued.tokens()), this::encodeBatch, observer);
  }

  /** Sequence lengths batched together: up to 8, 9–16, 17–32, … (powers of two). */
  static int lengthBucket(TokenizedText text) {
    return Math.max(3, 32 - Integer.numberOfLeadingZeros(text.length() - 1));
  }

  /** A text waiting in the micro-batcher, with its caller's trace context if tracing is on. */
  record Queued(TokenizedText tokens, @Nullable Object context) {}

  /** Encodes one micro-batch; with tracing, as one span linked to each caller's span. */
  List<Embedded> encodeBatch(List<Queued> batch) {
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

  /** One text's vector from the batcher, and the digest of the version that computed it. */
  record Embedded(float[] vector, String digest) {}

  /** The encoder's version, seen as a model from text to {@code embedding [texts, dims]}. */
  @Override
  public ModelVersion version() {
    ModelVersion encoderVersion = model.version();
    Versions current = versions;
    if (current == null || current.encoder != encoderVersion) {
      ModelVersion.Builder builder = ModelVersion.builder(name, encoderVersion.version())
          .digest(encoderVersion.digest())
          .loadedAt(encoderVersion.loadedAt())
          .executionProvider(encoderVersion.executionProvider())
          .metadata(encoderVersion.metadata())
          .input(TensorSpec.of(TEXT, ElementType.STRING, TensorSpec.FREE))
          .output(TensorSpec.of(EMBEDDING, ElementType.FLOAT, TensorSpec.FREE, encoder.dimensions()));
      encoderVersion.fallback().ifPresent(builder::fallback);
      current = new Versions(encoderVersion, builder.build());
      versions = current;
    }
    return current.embedder;
  }

  @Override
  public Prediction run(Inputs inputs) {
    ModelVersion served = version();
    String[] texts = normalized(inputs.tensor(0).stringArray(), served);
    int count = texts.length;
    float[][] vectors = new float[count][];
    Work work = new Work(served.digest());
    if (cache == null) {
      for (int i = 0; i < count; i++) {
        work.claim(i, texts[i], null);
      }
    } else {
      String scope = served.digest() + '|' + tokenizer.identity() + '|' + settings.vectorScope();
      EmbeddingCache.Lookup[] lookups = new EmbeddingCache.Lookup[count];
      try {
        for (int i = 0; i < count; i++) {
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
      for (int i = 0; i < count; i++) {
        if (vectors[i] == null) {
          vectors[i] = lookups[i].join();
        }
      }
      return prediction(served, vectors, work, work.items.isEmpty() ? CacheResult.HIT : CacheResult.MISS);
    }
    compute(work, vectors);
    return prediction(served, vectors, work, CacheResult.NONE);
  }

  /** Tokenizes and encodes the claimed texts; on failure, releases their cache waiters with it. */
  private void compute(Work work, float[][] vectors) {
    try {
      for (Item item : work.items) {
        item.tokens = tokenizer.encode(item.text, settings.maxTokens());
        work.tokens += item.tokens.length();
        work.truncated += item.tokens.truncated() ? 1 : 0;
      }
      if (batcher != null && work.items.size() == 1) {
        Item only = work.items.get(0);
        Object context = tracing == null ? null : tracing.currentContext();
        Embedded embedded = batcher.submit(new Queued(only.tokens, context));
        store(work, only, embedded.vector(), embedded.digest(), vectors);
        return;
      }
      List<Item> sorted = new ArrayList<>(work.items);
      sorted.sort(Comparator.comparingInt(item -> item.tokens.length()));
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
    int dims = vectors.length == 0 ? (int) Math.max(0, encoder.dimensions()) : vectors[0].length;
    float[] flat = new float[vectors.length * dims];
    for (int i = 0; i < vectors.length; i++) {
      System.arraycopy(vectors[i], 0, flat, i * dims, dims);
    }
    Prediction prediction = Prediction.builder(served)
        .put(EMBEDDING, Tensor.ofFloats(flat, vectors.length, dims))
        .attribute(EmbeddingUsage.class, EmbeddingUsage.of(cacheResult, work.tokens))
        .build();
    return work.truncated == 0 ? prediction
        : prediction.withAdjustments(List.of(InputAdjustment.of(TEXT, InputRule.LENGTH, work.truncated)));
  }

  /** NFC, trimmed, inner whitespace runs as one space; empty texts are refused unless allowed. */
  private String[] normalized(String[] texts, ModelVersion served) {
    String[] normalized = new String[texts.length];
    int empty = 0;
    int first = -1;
    for (int i = 0; i < texts.length; i++) {
      normalized[i] = WHITESPACE.matcher(Normalizer.normalize(texts[i], Normalizer.Form.NFC).strip())
          .replaceAll(" ");
      if (normalized[i].isEmpty() && empty++ == 0) {
        first = i;
      }
    }
    if (empty > 0 && !settings.allowEmptyText()) {
      throw new InvalidInputException(name, served.version(), List.of(InputViolation.of(TEXT,
          InputRule.EMPTY, empty + " of " + texts.length + " texts are empty or only whitespace"
              + " (first at index " + first + ")")));
    }
    return normalized;
  }

  @Override
  public long liveNativeObjects() {
    return model.liveNativeObjects();
  }

  @Override
  public void close() {
    model.close();
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
