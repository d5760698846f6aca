/**
 * Dynamic micro-batching: concurrent callers grouped into one model run, by sequence-length
 * bucket. {@link dev.monitoredinference.batching.BatchingConfig} configures it.
 */
@NullMarked
package dev.monitoredinference.batching;

import org.jspecify.annotations.NullMarked;
