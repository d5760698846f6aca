/** Micrometer meters for models: {@link dev.monitoredinference.metrics.InferenceMeter} lists every name. */
@NullMarked
package dev.monitoredinference.metrics;

import org.jspecify.annotations.NullMarked;
