package dev.monitoredinference.spring.boot;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.testing.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tests' model: a real ONNX ranker, {@code score = 0.4·f0 + 0.6·f1}, written to a file. */
public final class RankerModelFile {
  /** The inputs the tests send; the ranker scores them 0.46. */
  public static final Inputs INPUTS = Inputs.of("features", new float[][] {{0.1f, 0.7f}});

  /** The score of {@link #INPUTS}. */
  public static final float SCORE = 0.46f;

  private RankerModelFile() {}

  /** Writes the ranker to {@code dir/ranker.onnx} and returns its path. */
  public static Path writeTo(Path dir) {
    try {
      return Files.write(dir.resolve("ranker.onnx"),
          TestModels.linearScorer(new float[] {0.4f, 0.6f}, 0f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
