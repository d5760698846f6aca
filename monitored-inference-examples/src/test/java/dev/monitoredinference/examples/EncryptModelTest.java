package dev.monitoredinference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.encryption.ModelKeyProvider;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.VersionPin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encryption tool writes a repository version that an encrypting repository serves. */
class EncryptModelTest {
  @TempDir Path root;

  @Test
  void newKey_writesAnEncryptedVersion_thatTheRepositoryServesWithThePrintedKey() throws Exception {
    Path plain = Files.write(root.resolve("model.onnx"), TestModels.linearScorer(new float[] {1f, 1f}, 5f));
    Path version = root.resolve("models/ranker/1");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      EncryptModel.main(new String[] {plain.toString(), version.toString(), "--new-key", "ranker-2026"});
    } finally {
      System.setOut(out);
    }
    String key = printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow().replaceAll(".*: ", "");

    try (Stream<Path> files = Files.list(version)) {
      assertThat(files.map(path -> path.getFileName().toString()).sorted().toList())
          .isEqualTo(List.of("model.onnx.enc", "model.sha256"));
    }
    ModelRepository repository = ModelRepository.directory(root.resolve("models"))
        .decryptingWith(ModelKeyProvider.environment("RANKER_KEY", Map.of("RANKER_KEY", key)::get));
    try (MonitoredModel model = MonitoredModel.builder("ranker").repository(repository, VersionPin.latest()).build()) {
      assertThat(model.predict(Inputs.of("features", new float[][] {{1f, 2f}})).floatArray("score"))
          .containsExactly(8f);
    }
  }
}
