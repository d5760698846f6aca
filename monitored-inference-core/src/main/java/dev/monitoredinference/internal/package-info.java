/** Implementation details; not an API, may change in any release. */
@NullMarked
package dev.monitoredinference.internal;

import org.jspecify.annotations.NullMarked;
