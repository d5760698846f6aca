/** Each model call as a Micrometer Observation (a span with micrometer-tracing), with its own convention. */
@NullMarked
package dev.monitoredinference.spring.boot.observation;

import org.jspecify.annotations.NullMarked;
