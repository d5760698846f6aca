/** Implementation details; not an API, may change in any release. Micrometer bindings: the meters each model, version, trial and embedder registers. */
@NullMarked
package dev.monitoredinference.internal.metrics;

import org.jspecify.annotations.NullMarked;
