/**
 * The runtime SPI: {@link dev.monitoredinference.runtime.ModelRuntime} (the chain's terminal),
 * {@link dev.monitoredinference.runtime.ModelLoader} (bytes to a runtime), the {@link
 * dev.monitoredinference.runtime.LoadRequest} a loader gets, run control, and device policy and
 * fallback. Implement these to run models on another engine.
 */
@NullMarked
package dev.monitoredinference.runtime;

import org.jspecify.annotations.NullMarked;
