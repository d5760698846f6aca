package dev.monitoredinference.internal.metrics;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CacheResult;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.batching.BatchObserver;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumSet;

/**
 * The Micrometer meters of one text embedder, created once when it is built: the request timer
 * ({@code operation=embeddings}, by {@code cache.result} and {@code error.type}), rejection and
 * adjustment counts, tokens per call, and the micro-batcher's batch size, queue time and padding.
 * The encoder model has its own {@link ModelMetrics} ({@code operation=predict}, one per run).
 */
public final class EmbeddingMetrics {
  private final TimingInterceptor requestTiming;
  private final OutcomeCounter outcomes;
  private final BatchObserver batches;

  private EmbeddingMetrics(MeterRegistry registry, String modelName) {
    SafeMeters meters = new SafeMeters();
    Tags model = Tags.of(InferenceTags.MODEL, modelName);
    this.requestTiming =
        new TimingInterceptor(
            TimerGrid.byCacheResult(registry, InferenceMeter.REQUEST_DURATION,
                model.and(InferenceTags.OPERATION, InferenceTags.OPERATION_EMBEDDINGS),
                EnumSet.allOf(CacheResult.class)),
            registry.config().clock(),
            null,
            meters);
    this.outcomes =
        new OutcomeCounter(registry, model, meters, summary(registry, InferenceMeter.INPUT_TOKENS, model));
    DistributionSummary batchSize = summary(registry, InferenceMeter.BATCH_SIZE, model);
    DistributionSummary padding = summary(registry, InferenceMeter.BATCH_PADDING, model);
    Timer queue = Timer.builder(InferenceMeter.QUEUE_DURATION.meterName())
        .description(InferenceMeter.QUEUE_DURATION.description())
        .tags(model)
        .serviceLevelObjectives(SloBuckets.durations())
        .register(registry);
    this.batches = new BatchObserver() {
      @Override
      public void queued(long nanos) {
        meters.record(queue, nanos);
      }

      @Override
      public void batch(int items) {
        meters.record(batchSize, items);
      }

      @Override
      public void padding(long paddingSlots, long slots) {
        meters.record(padding, slots == 0 ? 0 : (double) paddingSlots / slots);
      }
    };
  }

  /** Registers the meters of the embedder called {@code modelName} in {@code registry}. */
  public static EmbeddingMetrics register(MeterRegistry registry, String modelName) {
    return new EmbeddingMetrics(requireNonNull(registry, "registry"), requireNonNull(modelName, "modelName"));
  }

  /** Times whole embedding calls into {@code monitored.inference.request.duration}. */
  public InferenceInterceptor requestTiming() {
    return requestTiming;
  }

  /** Counts rejections, truncations and tokens; right inside {@link #requestTiming()}. */
  public InferenceInterceptor outcomes() {
    return outcomes;
  }

  /** Records batch size, queue time and padding. */
  public BatchObserver batches() {
    return batches;
  }

  private static DistributionSummary summary(MeterRegistry registry, InferenceMeter meter, Tags tags) {
    return DistributionSummary.builder(meter.meterName())
        .description(meter.description())
        .tags(tags)
        .register(registry);
  }
}
