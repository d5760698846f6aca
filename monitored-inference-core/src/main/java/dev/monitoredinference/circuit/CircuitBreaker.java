package dev.monitoredinference.circuit;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceException;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.health.HealthContributor;
import dev.monitoredinference.health.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * The live circuit breaker of one model: the chain link that refuses calls while open and records
 * the outcomes of the calls it lets through. {@link
 * dev.monitoredinference.MonitoredModelBuilder#circuitBreaker} creates it; {@link #state()} feeds
 * the {@code monitored.inference.circuit.state} gauge and the model's health.
 *
 * <p>Thread-safe. Cost while closed: volatile reads around the call, and a short lock after it
 * while the window holds failures.
 */
public final class CircuitBreaker implements InferenceInterceptor, HealthContributor {
  private final String modelName;
  private final CircuitStateMachine machine;
  private final @Nullable Fallback fallback;

  private CircuitBreaker(String modelName, CircuitBreakerConfig config) {
    this.modelName = modelName;
    this.machine = new CircuitStateMachine(config);
    this.fallback = config.fallback();
  }

  /**
   * A closed breaker for model {@code modelName}.
   *
   * @throws IllegalStateException if {@code minimumNumberOfCalls} exceeds {@code
   *     slidingWindowSize}: the breaker could never open
   */
  public static CircuitBreaker of(String modelName, CircuitBreakerConfig config) {
    requireNonNull(modelName, "modelName");
    requireNonNull(config, "config");
    if (config.minimumNumberOfCalls() > config.slidingWindowSize()) {
      throw new IllegalStateException(
          "the circuit breaker of model '" + modelName + "' needs minimumNumberOfCalls ("
              + config.minimumNumberOfCalls() + ") <= slidingWindowSize ("
              + config.slidingWindowSize() + "), or it could never open");
    }
    return new CircuitBreaker(modelName, config);
  }

  /** The state now. */
  public CircuitState state() {
    return machine.state();
  }

  /** Whether a fallback answers refused and failed calls. */
  public boolean hasFallback() {
    return fallback != null;
  }

  /**
   * Refuses the call with {@link CircuitOpenException} while open, else passes it on and records
   * its outcome; with a fallback, refused calls and counted failures are answered by it.
   */
  @Override
  public Prediction intercept(Chain chain) {
    long permit = machine.tryAcquire();
    if (permit == CircuitStateMachine.REFUSED) {
      CircuitOpenException refused =
          new CircuitOpenException(modelName, chain.version().version(), machine.refusal());
      return answerOrThrow(chain, refused);
    }
    Prediction prediction;
    try {
      prediction = chain.proceed(chain.inputs());
    } catch (Throwable failure) {
      boolean counted = ErrorType.of(failure).isModelFault(); // never the caller's or the host's
      machine.record(permit, counted ? CircuitStateMachine.Outcome.FAILURE : CircuitStateMachine.Outcome.IGNORED);
      if (counted) {
        return answerOrThrow(chain, (InferenceException) failure);
      }
      throw failure;
    }
    machine.record(permit, CircuitStateMachine.Outcome.SUCCESS);
    return prediction;
  }

  /**
   * Up while closed; degraded while half-open, or while open with a fallback answering; down while
   * open without one (the model refuses every call).
   */
  @Override
  public HealthStatus health() {
    switch (state()) {
      case OPEN:
        return fallback != null
            ? HealthStatus.degraded("circuit breaker OPEN after runtime failures; the fallback answers")
            : HealthStatus.down("circuit breaker OPEN after runtime failures; calls are refused");
      case HALF_OPEN:
        return HealthStatus.degraded("circuit breaker HALF_OPEN; probing whether the runtime recovered");
      default:
        return HealthStatus.up();
    }
  }

  private Prediction answerOrThrow(Chain chain, InferenceException failure) {
    if (fallback == null) {
      throw failure;
    }
    try {
      Prediction answer = fallback.answer(chain.inputs(), chain.version(), failure);
      return requireNonNull(answer, "the fallback returned null")
          .withAttribute(FallbackAnswer.class, FallbackAnswer.of(failure.errorType()));
    } catch (RuntimeException broken) {
      failure.addSuppressed(broken);
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + modelName + ", " + state() + "]";
  }
}
