package dev.monitoredinference.spring.boot.observation;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.ModelVersion;
import io.micrometer.common.KeyValues;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default convention: name {@code monitored.inference.call}, contextual (span) name {@code
 * "predict ranker"}, and the OTel module's span attributes. Low cardinality (bounded per model):
 * model name and version, execution provider, fallback, {@code error.type}. High cardinality: the
 * model digest.
 *
 * <p>Observations are for spans here. The library's own meters stay the metric contract, so the
 * starter denies the meters Boot's observation handler would derive from this name (see {@link
 * #NAME}).
 */
public class DefaultInferenceObservationConvention implements InferenceObservationConvention {
  /** The Observation's name; meters under it are denied to avoid duplicate timers. */
  public static final String NAME = "monitored.inference.call";

  /** More model and version pairs than this and the cache starts again (versions come and go). */
  private static final int MOST_CACHED = 256;

  /**
   * Names and key values per model and version, made once: an Observation asks for them at start
   * and at stop of every call, and making them each time cost more than the rest of the call's
   * Observation work that this class controls.
   */
  private final Map<Served, Values> cache = new ConcurrentHashMap<>();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(InferenceObservationContext context) {
    return values(context).contextualName;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(InferenceObservationContext context) {
    return values(context).low(context.errorType());
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(InferenceObservationContext context) {
    return values(context).high;
  }

  private Values values(InferenceObservationContext context) {
    Served served = new Served(context.operation(), context.modelName(), context.version());
    Values values = cache.get(served);
    if (values == null) {
      if (cache.size() >= MOST_CACHED) {
        cache.clear();
      }
      values = cache.computeIfAbsent(served, Values::new);
    }
    return values;
  }

  /** What the values depend on besides the error type; versions compare by identity. */
  private record Served(String operation, String modelName, ModelVersion version) {}

  private static final class Values {
    final String contextualName;
    final KeyValues high;
    private final KeyValues[] lowByError = new KeyValues[ErrorType.values().length];
    private final KeyValues low;

    Values(Served served) {
      ModelVersion version = served.version();
      contextualName = served.operation() + " " + served.modelName();
      high = KeyValues.of("monitored.inference.model.digest", version.shortDigest());
      low = KeyValues.of(
          "monitored.inference.model.name", served.modelName(),
          "monitored.inference.model.version", version.version(),
          "monitored.inference.execution.provider", version.executionProvider().tagValue(),
          "monitored.inference.fallback", String.valueOf(version.fallback().isPresent()));
    }

    KeyValues low(ErrorType error) {
      KeyValues values = lowByError[error.ordinal()];
      if (values == null) { // a benign race: both threads make the same values
        values = low.and("error.type", error.tagValue());
        lowByError[error.ordinal()] = values;
      }
      return values;
    }
  }
}
