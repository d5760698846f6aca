/**
 * The ONNX Runtime adapter: the only package that touches {@code ai.onnxruntime} (an ArchUnit
 * test keeps it so). {@link dev.monitoredinference.onnx.OnnxModelLoader} is its public entry.
 */
@NullMarked
package dev.monitoredinference.onnx;

import org.jspecify.annotations.NullMarked;
