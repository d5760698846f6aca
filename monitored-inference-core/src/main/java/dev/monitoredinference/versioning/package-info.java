/**
 * Model versions on disk and which one to serve: {@link
 * dev.monitoredinference.versioning.ModelRepository}, {@link
 * dev.monitoredinference.versioning.VersionPin}.
 */
@NullMarked
package dev.monitoredinference.versioning;

import org.jspecify.annotations.NullMarked;
