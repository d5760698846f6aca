package dev.monitoredinference.spring.boot;

import dev.monitoredinference.testing.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model repository with two versions of the ranker: 1 scores {@link RankerModelFile#INPUTS}
 * 0.46 ({@code 0.4·f0 + 0.6·f1}), 2 scores them 0.4 ({@code 0.5·f0 + 0.5·f1}).
 */
public final class RankerRepository {
  /** Version 2's score of {@link RankerModelFile#INPUTS}. */
  public static final float SCORE_2 = 0.4f;

  private RankerRepository() {}

  /** Writes {@code dir/ranker/{1,2}/model.onnx} with their {@code model.sha256}; returns dir. */
  public static Path writeTo(Path dir) {
    write(dir, "1", TestModels.linearScorer(new float[] {0.4f, 0.6f}, 0f));
    write(dir, "2", TestModels.linearScorer(new float[] {0.5f, 0.5f}, 0f));
    return dir;
  }

  private static void write(Path root, String version, byte[] onnx) {
    try {
      Path directory = Files.createDirectories(root.resolve("ranker").resolve(version));
      Files.write(directory.resolve("model.onnx"), onnx);
      Files.writeString(directory.resolve("model.sha256"), "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
