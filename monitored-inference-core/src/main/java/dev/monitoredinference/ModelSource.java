package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.encryption.ModelDecryptionException;
import dev.monitoredinference.encryption.ModelEncryption;
import dev.monitoredinference.encryption.ModelKeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model's bytes come from: a file, an array, or a classpath resource. Bytes are read once
 * at load, hashed, and the session is created from those same bytes, so the digest on the {@link
 * ModelVersion} is the digest of what runs.
 */
public abstract class ModelSource {
  private ModelSource() {}

  /** A model file. */
  public static ModelSource file(Path path) {
    requireNonNull(path, "path");
    return new ModelSource() {
      @Override
      public byte[] readBytes() throws IOException {
        return Files.readAllBytes(path);
      }

      @Override
      public String toString() {
        return "file " + path;
      }
    };
  }

  /**
   * An encrypted model file written by {@link dev.monitoredinference.encryption.ModelEncryption},
   * decrypted in memory with the key {@code keys} gives for the id in its header; the plaintext
   * never touches the disk. A digest pin ({@code expectDigest}, {@code model.sha256}) applies to
   * the plaintext.
   *
   * <pre>{@code
   * MonitoredModel.builder("ranker")
   *     .source(ModelSource.encrypted(Path.of("ranker.onnx.enc"), ModelKeyProvider.environment("RANKER_KEY")))
   * }</pre>
   *
   * <p>A wrong key, a changed or a truncated file fails the load with {@link
   * ModelIntegrityException} (outcome {@code decryption_failed}); an unavailable key with outcome
   * {@code unreadable}.
   */
  public static ModelSource encrypted(Path path, ModelKeyProvider keys) {
    requireNonNull(path, "path");
    requireNonNull(keys, "keys");
    return new ModelSource() {
      @Override
      public byte[] readBytes() throws IOException {
        return ModelEncryption.decrypt(Files.readAllBytes(path), keys);
      }

      @Override
      public String toString() {
        return "encrypted file " + path;
      }
    };
  }

  /** Model bytes already in memory; the array is copied. */
  public static ModelSource bytes(byte[] bytes) {
    byte[] copy = requireNonNull(bytes, "bytes").clone();
    if (copy.length == 0) {
      throw new IllegalArgumentException("bytes must not be empty");
    }
    return new ModelSource() {
      @Override
      public byte[] readBytes() {
        return copy.clone();
      }

      @Override
      public String toString() {
        return copy.length + " bytes in memory";
      }
    };
  }

  /** A classpath resource, e.g. {@code "models/ranker.onnx"}, from the context class loader. */
  public static ModelSource classpath(String resource) {
    return classpath(resource, Thread.currentThread().getContextClassLoader());
  }

  /** A classpath resource from {@code loader}. */
  public static ModelSource classpath(String resource, ClassLoader loader) {
    requireNonNull(resource, "resource");
    requireNonNull(loader, "loader");
    return new ModelSource() {
      @Override
      public byte[] readBytes() throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IOException("no classpath resource '" + resource + "'");
          }
          return in.readAllBytes();
        }
      }

      @Override
      public String toString() {
        return "classpath resource " + resource;
      }
    };
  }

  /**
   * Reads the whole model.
   *
   * @throws IOException if the source cannot be read
   * @throws ModelDecryptionException if an encrypted source cannot be decrypted
   */
  public abstract byte[] readBytes() throws IOException;
}
