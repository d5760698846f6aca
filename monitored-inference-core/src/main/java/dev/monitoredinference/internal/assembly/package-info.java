/** Implementation details; not an API, may change in any release. Loading and assembling a model's chain. */
@NullMarked
package dev.monitoredinference.internal.assembly;

import org.jspecify.annotations.NullMarked;
