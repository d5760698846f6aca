package dev.monitoredinference.spring.boot.observation;

import io.micrometer.common.KeyValues;

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

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(InferenceObservationContext context) {
    return context.operation() + " " + context.modelName();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(InferenceObservationContext context) {
    return KeyValues.of(
        "monitored.inference.model.name", context.modelName(),
        "monitored.inference.model.version", context.version().version(),
        "monitored.inference.execution.provider",
        context.version().executionProvider().tagValue(),
        "monitored.inference.fallback", String.valueOf(context.version().fallback().isPresent()),
        "error.type", context.errorType().tagValue());
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(InferenceObservationContext context) {
    return KeyValues.of("monitored.inference.model.digest", context.version().shortDigest());
  }
}
