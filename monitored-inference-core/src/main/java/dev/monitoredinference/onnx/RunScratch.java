package dev.monitoredinference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * What a controlled run borrows from its runtime's {@link RunScratchPool}: the run options whose
 * terminate flag another thread may set, and the {@link InputArena} its inputs are copied into.
 */
final class RunScratch implements AutoCloseable {
  final OrtSession.RunOptions options;
  final InputArena inputs = new InputArena();

  RunScratch() throws OrtException {
    options = new OrtSession.RunOptions();
  }

  /** Closes the options; the arena's memory is freed once it is unreachable. */
  @Override
  public void close() {
    options.close();
  }
}
