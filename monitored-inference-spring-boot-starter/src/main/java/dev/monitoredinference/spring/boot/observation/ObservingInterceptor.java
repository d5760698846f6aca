package dev.monitoredinference.spring.boot.observation;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Prediction;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * An application interceptor that makes each call an {@link Observation} (a span, with
 * micrometer-tracing), refusals included. Telemetry never changes the result: the call's own
 * exception is rethrown as it was.
 */
public final class ObservingInterceptor implements InferenceInterceptor {
  private static final DefaultInferenceObservationConvention DEFAULT =
      new DefaultInferenceObservationConvention();

  private final ObservationRegistry registry;
  private final @Nullable InferenceObservationConvention convention;

  /** Observes into {@code registry}; {@code convention} replaces the default when not null. */
  public ObservingInterceptor(ObservationRegistry registry,
      @Nullable InferenceObservationConvention convention) {
    this.registry = requireNonNull(registry, "registry");
    this.convention = convention;
  }

  @Override
  public Prediction intercept(Chain chain) {
    InferenceObservationContext context =
        new InferenceObservationContext(chain.modelName(), chain.operation(), chain.version());
    Observation observation =
        Observation.createNotStarted(convention, DEFAULT, () -> context, registry).start();
    try (Observation.Scope ignored = observation.openScope()) {
      return chain.proceed(chain.inputs());
    } catch (RuntimeException | Error failure) {
      context.failedWith(ErrorType.of(failure));
      observation.error(failure);
      throw failure;
    } finally {
      observation.stop();
    }
  }
}
