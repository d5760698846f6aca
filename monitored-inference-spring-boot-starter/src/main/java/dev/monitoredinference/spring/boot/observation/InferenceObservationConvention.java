package dev.monitoredinference.spring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an inference call's Observation and its key values. Define a bean of this type to
 * replace or extend {@link DefaultInferenceObservationConvention}.
 */
public interface InferenceObservationConvention
    extends ObservationConvention<InferenceObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof InferenceObservationContext;
  }
}
