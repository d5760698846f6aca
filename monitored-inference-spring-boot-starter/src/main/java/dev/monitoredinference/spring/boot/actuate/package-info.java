/** Actuator: a health indicator per model, readiness group membership, the {@code monitoredinference} endpoint. */
@NullMarked
package dev.monitoredinference.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
