package dev.monitoredinference.embedding;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ready-made {@link Tokenizer}s. */
public final class Tokenizers {
  static final String DJL_CLASS = "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer";

  private Tokenizers() {}

  /**
   * A HuggingFace tokenizer from its {@code tokenizer.json}, run by DJL's bindings of the Rust
   * {@code tokenizers} library (native code bundled, no download). Its identity is the SHA-256 of
   * the file.
   *
   * <p>Needs {@code ai.djl.huggingface:tokenizers} on the class path (an optional dependency of
   * this library).
   *
   * @throws IllegalStateException if {@code ai.djl.huggingface:tokenizers} is not on the class path
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if the file is not a valid tokenizer
   */
  public static Tokenizer huggingFace(Path tokenizerJson) {
    requireNonNull(tokenizerJson, "tokenizerJson");
    try {
      return huggingFace(Files.readAllBytes(tokenizerJson));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerJson, e);
    }
  }

  /**
   * A HuggingFace tokenizer from the bytes of its {@code tokenizer.json} (copied).
   *
   * @throws IllegalStateException if {@code ai.djl.huggingface:tokenizers} is not on the class path
   * @throws IllegalArgumentException if the bytes are not a valid tokenizer
   */
  public static Tokenizer huggingFace(byte[] tokenizerJson) {
    requireNonNull(tokenizerJson, "tokenizerJson");
    requireClass(DJL_CLASS, "ai.djl.huggingface:tokenizers");
    return new HuggingFaceTokenizer(tokenizerJson.clone());
  }

  static void requireClass(String className, String artifact) {
    try {
      Class.forName(className, false, Tokenizers.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Tokenizers.huggingFace needs " + artifact
          + " on the class path; add the Maven dependency " + artifact + " (version 0.36.0 or later)", e);
    }
  }
}
