package dev.monitoredinference.spring.boot;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns the library's own argument checks into start-up failures that name the property: the
 * core builders already say what is wrong ("maxConcurrent must be > 0, but was 0"); this adds
 * which line of application.yaml it came from.
 */
final class InvalidProperty {
  private InvalidProperty() {}

  /** Runs {@code step}; an {@link IllegalArgumentException} from it is reported as {@code property}'s. */
  static <T> T check(String property, @Nullable Object value, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }

  /** Fails with {@code reason} as {@code property}'s problem. */
  static InvalidConfigurationPropertyValueException of(
      String property, @Nullable Object value, String reason) {
    return new InvalidConfigurationPropertyValueException(property, value, reason);
  }
}
