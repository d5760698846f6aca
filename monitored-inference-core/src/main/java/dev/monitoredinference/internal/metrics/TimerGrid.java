package dev.monitoredinference.internal.metrics;

import dev.monitoredinference.CacheResult;
import dev.monitoredinference.ErrorType;
import dev.monitoredinference.metrics.InferenceMeter;
import dev.monitoredinference.metrics.InferenceTags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Set;

/**
 * A timer per ({@code cache.result}, {@code error.type}), all registered up front with SLO
 * buckets, so the call path picks one by two array indexes. Cache results the operation cannot
 * have are not registered and read as {@link CacheResult#NONE}.
 */
final class TimerGrid {
  private final Timer[][] timers;
  private final boolean byCacheResult;

  private TimerGrid(Timer[][] timers) {
    this.timers = timers;
    int rows = 0;
    for (Timer[] row : timers) {
      rows += row != null ? 1 : 0;
    }
    this.byCacheResult = rows > 1;
  }

  /** Timers of {@code meter} tagged {@code tags} and error.type; no cache.result tag. */
  static TimerGrid byErrorType(MeterRegistry registry, InferenceMeter meter, Tags tags) {
    Timer[][] timers = new Timer[CacheResult.values().length][];
    timers[CacheResult.NONE.ordinal()] = row(registry, meter, tags);
    return new TimerGrid(timers);
  }

  /** Timers of {@code meter} tagged {@code tags}, each of {@code cacheResults} and error.type. */
  static TimerGrid byCacheResult(
      MeterRegistry registry, InferenceMeter meter, Tags tags, Set<CacheResult> cacheResults) {
    Timer[][] timers = new Timer[CacheResult.values().length][];
    for (CacheResult result : cacheResults) {
      timers[result.ordinal()] =
          row(registry, meter, tags.and(InferenceTags.CACHE_RESULT, result.tagValue()));
    }
    if (timers[CacheResult.NONE.ordinal()] == null) {
      throw new IllegalArgumentException("cacheResults must include NONE, but was " + cacheResults);
    }
    return new TimerGrid(timers);
  }

  /** Whether timers differ by cache result: else a call's {@code EmbeddingUsage} is not read. */
  boolean byCacheResult() {
    return byCacheResult;
  }

  Timer timer(CacheResult cacheResult, ErrorType errorType) {
    Timer[] row = timers[cacheResult.ordinal()];
    return (row != null ? row : timers[CacheResult.NONE.ordinal()])[errorType.ordinal()];
  }

  private static Timer[] row(MeterRegistry registry, InferenceMeter meter, Tags tags) {
    ErrorType[] types = ErrorType.values();
    Timer[] row = new Timer[types.length];
    for (ErrorType type : types) {
      row[type.ordinal()] =
          Timer.builder(meter.meterName())
              .description(meter.description())
              .tags(tags.and(InferenceTags.ERROR_TYPE, type.tagValue()))
              .serviceLevelObjectives(SloBuckets.durations())
              .register(registry);
    }
    return row;
  }
}
