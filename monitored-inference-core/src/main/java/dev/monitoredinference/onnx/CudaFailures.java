package dev.monitoredinference.onnx;

import ai.onnxruntime.OrtException;
import dev.monitoredinference.runtime.FallbackReason;
import java.util.Locale;

/**
 * Classifies why a CUDA session could not be created or run. ONNX Runtime reports all of these as
 * {@link OrtException}; the code and message tell them apart (the same split Vespa uses).
 */
final class CudaFailures {
  private CudaFailures() {}

  static FallbackReason classify(Throwable failure) {
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("failed to load") || message.contains("cannot open shared object")) {
      return FallbackReason.LIBRARY_MISSING;
    }
    if (message.contains("cudaerror") || message.contains("cuda failure")
        || message.contains("cuda error")) {
      return FallbackReason.DEVICE_ERROR;
    }
    if (failure instanceof OrtException
        && ((OrtException) failure).getCode() == OrtException.OrtErrorCode.ORT_EP_FAIL) {
      return FallbackReason.PROVIDER_MISSING;
    }
    if (message.contains("failed to find cuda")) {
      return FallbackReason.PROVIDER_MISSING;
    }
    return FallbackReason.OTHER;
  }
}
