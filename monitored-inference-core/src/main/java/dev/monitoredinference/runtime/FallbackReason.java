package dev.monitoredinference.runtime;

/**
 * Why a GPU request ended on the CPU. A closed set: it is the {@code reason} tag of {@code
 * monitored.inference.fallbacks}.
 */
public enum FallbackReason {
  /** The runtime build has no CUDA provider (the CPU-only ONNX Runtime jar). */
  PROVIDER_MISSING("provider_missing"),
  /** The CUDA provider library or one it needs (CUDA runtime, cuDNN, cuBLAS) did not load. */
  LIBRARY_MISSING("library_missing"),
  /** CUDA loaded but the device or driver failed (no GPU, driver too old, out of memory). */
  DEVICE_ERROR("device_error"),
  /** Any other failure while creating or warming up the CUDA session. */
  OTHER("other");

  private final String tagValue;

  FallbackReason(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The value of the {@code reason} metric tag. */
  public String tagValue() {
    return tagValue;
  }
}
