package dev.monitoredinference.onnx;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.testing.TestModels;

/** Run by {@link LongCommandLineTest} in a child JVM: builds a real model, predicts, prints the score. */
public final class LongCommandLineChild {
  private LongCommandLineChild() {}

  public static void main(String[] args) {
    try (MonitoredModel model =
        MonitoredModel.builder("long-cmdline")
            .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0.5f))
            .build()) {
      float score = model.predict(Inputs.of("features", new float[][] {{3f, 4f}})).floatArray("score")[0];
      System.out.println("score=" + score);
    }
  }
}
