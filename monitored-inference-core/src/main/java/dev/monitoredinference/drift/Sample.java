package dev.monitoredinference.drift;

import dev.monitoredinference.ModelVersion;
import org.jspecify.annotations.Nullable;

/**
 * What one call hands the drift thread: per configured source tensor a private copy of its values
 * ({@code float[]}, {@code String[]}, {@code int[]} or {@code long[]}; null when the call lacked
 * it) and its row width, plus the version that served the call and its batch rows.
 */
record Sample(ModelVersion version, @Nullable Object[] data, int[] widths, int rows) {}
