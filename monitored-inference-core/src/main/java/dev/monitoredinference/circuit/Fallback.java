package dev.monitoredinference.circuit;

import dev.monitoredinference.InferenceException;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Prediction;

/**
 * The answer a circuit breaker gives instead of failing: when it refuses a call ({@link
 * dev.monitoredinference.circuit.CircuitOpenException}) or the runtime fails in a way the breaker counts.
 * The model marks the returned prediction with a {@link FallbackAnswer} attribute.
 *
 * <pre>{@code
 * Fallback popularity = (inputs, version, failure) ->
 *     Prediction.builder(version).put("score", popularityScores(inputs)).build();
 * }</pre>
 *
 * <p>Called concurrently; must be thread-safe. If it throws, the caller gets the original failure
 * with the fallback's exception attached as suppressed.
 */
@FunctionalInterface
public interface Fallback {
  /** The prediction to return for {@code inputs} instead of {@code failure}. */
  Prediction answer(Inputs inputs, ModelVersion version, InferenceException failure);
}
