/**
 * Spring Boot auto-configuration for monitored inference: models from properties as beans, meters
 * in the application's registry, graceful drain on shutdown. Actuator health and the {@code
 * monitoredinference} endpoint are in {@code actuate}.
 */
@NullMarked
package dev.monitoredinference.spring.boot;

import org.jspecify.annotations.NullMarked;
