package dev.monitoredinference.examples;

import dev.monitoredinference.encryption.ModelEncryption;
import dev.monitoredinference.encryption.ModelKeyProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.SecretKey;

/**
 * Encrypts a model file for a repository version: writes {@code model.onnx.enc} and {@code
 * model.sha256} (the digest of the plain model) into a version directory. The key comes from an
 * environment variable (base64 of 32 bytes); with {@code --new-key} a fresh key is generated and
 * printed once, for your secret store.
 *
 * <pre>
 * MODEL_KEY=... java … dev.monitoredinference.examples.EncryptModel model.onnx /srv/models/ranker/8 MODEL_KEY ranker-2026
 * java … dev.monitoredinference.examples.EncryptModel model.onnx /srv/models/ranker/8 --new-key ranker-2026
 * </pre>
 */
public final class EncryptModel {
  private EncryptModel() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: EncryptModel <model.onnx> <version directory> <KEY_VARIABLE | --new-key> <key id>");
      System.exit(2);
    }
    Path plain = Path.of(args[0]);
    Path directory = Files.createDirectories(Path.of(args[1]));
    SecretKey key;
    if (args[2].equals("--new-key")) {
      key = ModelEncryption.newKey();
      System.out.println("new key (base64; store it as a secret, it is not kept anywhere): "
          + ModelEncryption.toBase64(key));
    } else {
      key = ModelKeyProvider.environment(args[2]).key(args[3]);
    }
    byte[] model = Files.readAllBytes(plain);
    // Written aside and moved in, then the digest: a watcher never sees a half-written version.
    Path partial = directory.resolve("model.onnx.enc.partial");
    Files.write(partial, ModelEncryption.encrypt(model, key, args[3]));
    Files.move(partial, directory.resolve("model.onnx.enc"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    String digest = sha256(model);
    Files.writeString(directory.resolve("model.sha256"), digest + "\n");
    System.out.println("wrote " + directory.resolve("model.onnx.enc") + " and model.sha256 (" + digest + ")");
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
