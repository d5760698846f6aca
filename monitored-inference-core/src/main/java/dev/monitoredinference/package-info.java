/**
 * Monitored in-process ONNX inference: {@link dev.monitoredinference.MonitoredModel} and its
 * builder, typed {@link dev.monitoredinference.Inputs} and {@link
 * dev.monitoredinference.Prediction}, the {@link dev.monitoredinference.InferenceInterceptor}
 * contract, and the exceptions a caller can act on.
 */
@NullMarked
package dev.monitoredinference;

import org.jspecify.annotations.NullMarked;
