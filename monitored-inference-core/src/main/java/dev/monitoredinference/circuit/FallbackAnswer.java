package dev.monitoredinference.circuit;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ErrorType;
import org.jspecify.annotations.Nullable;

/**
 * Marks a prediction that a circuit breaker's {@link Fallback} produced instead of the model: the
 * attribute {@code prediction.attribute(FallbackAnswer.class)} of {@link
 * dev.monitoredinference.Prediction#attribute}, absent on the model's own answers.
 *
 * <pre>{@code
 * Prediction p = model.predict(inputs);
 * p.attribute(FallbackAnswer.class)
 *     .ifPresent(f -> log.info("fallback answered for {}", f.answeredFor().tagValue()));
 * }</pre>
 *
 * <p>Immutable.
 */
public final class FallbackAnswer {
  private final ErrorType answeredFor;

  private FallbackAnswer(ErrorType answeredFor) {
    this.answeredFor = answeredFor;
  }

  /**
   * The fallback answered a failure of type {@code failure}.
   *
   * @throws IllegalArgumentException if {@code failure} is {@link ErrorType#NONE}
   */
  public static FallbackAnswer of(ErrorType failure) {
    if (requireNonNull(failure, "failure") == ErrorType.NONE) {
      throw new IllegalArgumentException("a fallback must answer a failure, but was " + failure);
    }
    return new FallbackAnswer(failure);
  }

  /**
   * The failure the fallback answered instead: {@link ErrorType#CIRCUIT_OPEN} when the breaker
   * refused the call, {@link ErrorType#RUNTIME_ERROR} when the run failed.
   */
  public ErrorType answeredFor() {
    return answeredFor;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof FallbackAnswer && ((FallbackAnswer) other).answeredFor == answeredFor;
  }

  @Override
  public int hashCode() {
    return answeredFor.hashCode();
  }

  @Override
  public String toString() {
    return "fallback for " + answeredFor.tagValue();
  }
}
