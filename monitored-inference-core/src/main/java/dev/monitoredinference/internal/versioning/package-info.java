/** Implementation details; not an API, may change in any release. Serving state, traffic routing, canary and shadow trials, the deployer. */
@NullMarked
package dev.monitoredinference.internal.versioning;

import org.jspecify.annotations.NullMarked;
