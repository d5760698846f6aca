/** The circuit breaker: {@link dev.monitoredinference.circuit.CircuitBreakerConfig}. */
@NullMarked
package dev.monitoredinference.circuit;

import org.jspecify.annotations.NullMarked;
