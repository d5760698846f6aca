/**
 * Abuse and model-extraction detection: per-caller rate, query pattern and rejection share,
 * {@link dev.monitoredinference.abuse.AbuseConfig}.
 */
@NullMarked
package dev.monitoredinference.abuse;

import org.jspecify.annotations.NullMarked;
