/**
 * Bounded-memory, mergeable drift detection: {@link dev.monitoredinference.drift.DriftConfig}
 * says what to watch, {@link dev.monitoredinference.drift.DriftMonitor} keeps one model's
 * baseline and window sketches (Apache DataSketches KLL and frequent items) on a background
 * thread, and {@link dev.monitoredinference.drift.DriftReport} holds the scores computed at each
 * window rotation.
 */
@NullMarked
package dev.monitoredinference.drift;

import org.jspecify.annotations.NullMarked;
