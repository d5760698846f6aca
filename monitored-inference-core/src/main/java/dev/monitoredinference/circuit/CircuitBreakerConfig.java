package dev.monitoredinference.circuit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How a model's circuit breaker trips and recovers, with Resilience4j's count-based semantics:
 * over the last {@code slidingWindowSize} counted calls, once at least {@code
 * minimumNumberOfCalls} are recorded, a failure rate at or above {@code failureRateThreshold}
 * percent opens the breaker. Open, it refuses calls at once with {@code CircuitOpenException} for
 * {@code waitDurationInOpenState}; then it lets {@code permittedCallsInHalfOpenState} probe calls
 * through: all succeed and it closes, one fails and it opens again.
 *
 * <p>Only runtime failures count ({@code runtime_error}, {@code invalid_output}); invalid inputs,
 * overload, deadlines and closed models are the caller's or the host's business and are not
 * recorded at all.
 *
 * <pre>{@code
 * MonitoredModel.builder("ranker")
 *     .circuitBreaker(CircuitBreakerConfig.ofDefaults()
 *         .failureRateThreshold(50).slidingWindowSize(50).minimumNumberOfCalls(20)
 *         .waitDurationInOpenState(Duration.ofSeconds(10)).permittedCallsInHalfOpenState(3))
 *     ...
 * }</pre>
 *
 * <p>Immutable; each setter checks its argument at once and returns a new config.
 */
public final class CircuitBreakerConfig {
  private final float failureRateThreshold;
  private final int slidingWindowSize;
  private final int minimumNumberOfCalls;
  private final Duration waitDurationInOpenState;
  private final int permittedCallsInHalfOpenState;
  private final @Nullable Fallback fallback;
  private final LongSupplier nanoClock;

  private CircuitBreakerConfig(float failureRateThreshold, int slidingWindowSize,
      int minimumNumberOfCalls, Duration waitDurationInOpenState,
      int permittedCallsInHalfOpenState, @Nullable Fallback fallback, LongSupplier nanoClock) {
    this.failureRateThreshold = failureRateThreshold;
    this.slidingWindowSize = slidingWindowSize;
    this.minimumNumberOfCalls = minimumNumberOfCalls;
    this.waitDurationInOpenState = waitDurationInOpenState;
    this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
    this.fallback = fallback;
    this.nanoClock = nanoClock;
  }

  /**
   * Resilience4j's defaults: 50 %, window 100, minimum 100 calls, 60 s open, 10 probes, no
   * fallback, {@code System::nanoTime}.
   */
  public static CircuitBreakerConfig ofDefaults() {
    return new CircuitBreakerConfig(50, 100, 100, Duration.ofSeconds(60), 10, null, System::nanoTime);
  }

  /**
   * The failure rate, in percent, at or above which the breaker opens.
   *
   * @throws IllegalArgumentException unless {@code 0 < percent <= 100}
   */
  public CircuitBreakerConfig failureRateThreshold(float percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], but was " + percent);
    }
    return new CircuitBreakerConfig(percent, slidingWindowSize, minimumNumberOfCalls,
        waitDurationInOpenState, permittedCallsInHalfOpenState, fallback, nanoClock);
  }

  /**
   * How many of the latest counted calls the failure rate is computed over.
   *
   * @throws IllegalArgumentException if {@code calls <= 0}
   */
  public CircuitBreakerConfig slidingWindowSize(int calls) {
    positive("slidingWindowSize", calls);
    return new CircuitBreakerConfig(failureRateThreshold, calls, minimumNumberOfCalls,
        waitDurationInOpenState, permittedCallsInHalfOpenState, fallback, nanoClock);
  }

  /**
   * How many counted calls the window needs before the rate can open the breaker; at most the
   * window size (checked when the model is built).
   *
   * @throws IllegalArgumentException if {@code calls <= 0}
   */
  public CircuitBreakerConfig minimumNumberOfCalls(int calls) {
    positive("minimumNumberOfCalls", calls);
    return new CircuitBreakerConfig(failureRateThreshold, slidingWindowSize, calls,
        waitDurationInOpenState, permittedCallsInHalfOpenState, fallback, nanoClock);
  }

  /**
   * How long the breaker stays open before it lets probes through.
   *
   * @throws IllegalArgumentException if {@code wait} is not positive
   */
  public CircuitBreakerConfig waitDurationInOpenState(Duration wait) {
    requireNonNull(wait, "wait");
    if (wait.isNegative() || wait.isZero()) {
      throw new IllegalArgumentException("waitDurationInOpenState must be > 0, but was " + wait);
    }
    return new CircuitBreakerConfig(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
        wait, permittedCallsInHalfOpenState, fallback, nanoClock);
  }

  /**
   * How many probe calls the half-open breaker lets through.
   *
   * @throws IllegalArgumentException if {@code calls <= 0}
   */
  public CircuitBreakerConfig permittedCallsInHalfOpenState(int calls) {
    positive("permittedCallsInHalfOpenState", calls);
    return new CircuitBreakerConfig(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
        waitDurationInOpenState, calls, fallback, nanoClock);
  }

  /** Answers refused and failed calls with {@code fallback} instead of throwing. */
  public CircuitBreakerConfig fallback(Fallback fallback) {
    return new CircuitBreakerConfig(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
        waitDurationInOpenState, permittedCallsInHalfOpenState, requireNonNull(fallback, "fallback"),
        nanoClock);
  }

  /** The monotonic nanosecond clock for the open-state wait; {@code System::nanoTime} unless set (tests). */
  public CircuitBreakerConfig nanoClock(LongSupplier nanoClock) {
    return new CircuitBreakerConfig(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
        waitDurationInOpenState, permittedCallsInHalfOpenState, fallback,
        requireNonNull(nanoClock, "nanoClock"));
  }

  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  public int slidingWindowSize() {
    return slidingWindowSize;
  }

  public int minimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  public Duration waitDurationInOpenState() {
    return waitDurationInOpenState;
  }

  public int permittedCallsInHalfOpenState() {
    return permittedCallsInHalfOpenState;
  }

  @Nullable Fallback fallback() {
    return fallback;
  }

  LongSupplier nanoClock() {
    return nanoClock;
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
  }

  @Override
  public String toString() {
    return "failureRateThreshold " + failureRateThreshold + " %, slidingWindowSize "
        + slidingWindowSize + ", minimumNumberOfCalls " + minimumNumberOfCalls
        + ", waitDurationInOpenState " + waitDurationInOpenState.toMillis() + " ms"
        + ", permittedCallsInHalfOpenState " + permittedCallsInHalfOpenState;
  }
}
