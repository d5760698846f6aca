/**
 * Test support for users and for this project: {@link
 * dev.monitoredinference.testing.FakeModelRuntime} for interceptor tests, {@link
 * dev.monitoredinference.testing.OnnxModelWriter} and {@link
 * dev.monitoredinference.testing.TestModels} for real ONNX models written from Java (these two
 * need {@code protobuf-java}).
 */
@NullMarked
package dev.monitoredinference.testing;

import org.jspecify.annotations.NullMarked;
