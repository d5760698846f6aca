/** Implementation details; not an API, may change in any release. The interceptor chain, leases on a runtime, deadlines. */
@NullMarked
package dev.monitoredinference.internal.call;

import org.jspecify.annotations.NullMarked;
