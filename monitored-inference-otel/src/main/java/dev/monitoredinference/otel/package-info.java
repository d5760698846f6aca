/** OpenTelemetry tracing for monitored models: {@link dev.monitoredinference.otel.InferenceTelemetry}. */
@NullMarked
package dev.monitoredinference.otel;

import org.jspecify.annotations.NullMarked;
