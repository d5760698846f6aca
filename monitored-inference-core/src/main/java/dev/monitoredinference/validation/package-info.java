/**
 * Input validation beyond the model's signature: {@link
 * dev.monitoredinference.validation.InputSchema}.
 */
@NullMarked
package dev.monitoredinference.validation;

import org.jspecify.annotations.NullMarked;
