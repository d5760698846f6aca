package dev.monitoredinference.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.LoadOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @TempDir Path root;

  private Path version(String model, String version, String properties) throws IOException {
    Path directory = Files.createDirectories(root.resolve(model).resolve(version));
    Files.write(directory.resolve("model.onnx"), new byte[] {1, 2, 3});
    if (properties != null) {
      Files.writeString(directory.resolve("model.properties"), properties);
    }
    return directory;
  }

  private static List<String> names(List<RepositoryVersion> versions) {
    return versions.stream().map(RepositoryVersion::version).collect(Collectors.toList());
  }

  @Test
  void versions_areListedIntegersAscendingThenNames() throws IOException {
    version("ranker", "10", null);
    version("ranker", "2", null);
    version("ranker", "beta-1", null);
    version("ranker", "1", null);

    assertThat(names(ModelRepository.directory(root).versions("ranker")))
        .containsExactly("1", "2", "10", "beta-1");
  }

  @Test
  void pins_selectLatestExactLabelAndDigest() throws IOException {
    version("ranker", "1", "labels=stable\ndescription=first");
    version("ranker", "2", "labels = stable, canary");
    version("ranker", "3", "labels=canary");
    version("ranker", "experiment", "labels=stable");
    Files.writeString(version("ranker", "4", null).resolve("model.sha256"),
        "ab".repeat(32) + "  model.onnx\n"); // sha256sum output
    ModelRepository repository = ModelRepository.directory(root);

    assertThat(repository.resolve("ranker", VersionPin.latest()).version()).isEqualTo("4");
    assertThat(repository.resolve("ranker", VersionPin.exact("1")).description()).isEqualTo("first");
    assertThat(repository.resolve("ranker", VersionPin.label("stable")).version()).isEqualTo("2");
    assertThat(repository.resolve("ranker", VersionPin.label("canary")).labels()).containsExactly("canary");
    assertThat(repository.resolve("ranker", VersionPin.digest(DIGEST)).version()).isEqualTo("4");
    assertThat(repository.resolve("ranker", VersionPin.exact("4")).digest()).contains(DIGEST);
  }

  @Test
  void anUnsatisfiablePin_isATypedError_namingWhatExists() throws IOException {
    version("ranker", "1", null);
    version("ranker", "2", null);
    ModelRepository repository = ModelRepository.directory(root);

    assertThatThrownBy(() -> repository.resolve("ranker", VersionPin.label("stable")))
        .isInstanceOfSatisfying(VersionUnavailableException.class, e -> {
          assertThat(e.pin()).isEqualTo("label(\"stable\")");
          assertThat(e.outcome()).isEqualTo(LoadOutcome.VERSION_UNAVAILABLE);
        })
        .hasMessage("model 'ranker' has no version matching label(\"stable\"): the repository has 1, 2");
    assertThatThrownBy(() -> repository.resolve("search", VersionPin.latest()))
        .isInstanceOf(VersionUnavailableException.class)
        .hasMessageContaining("has no complete version of it");
  }

  @Test
  void incompleteAndBrokenVersions_areNotListed() throws IOException {
    version("ranker", "1", null);
    Files.createDirectories(root.resolve("ranker/2")); // model.onnx not copied yet
    Files.writeString(version("ranker", "3", null).resolve("model.sha256"), "not a digest");
    Files.createDirectories(root.resolve("ranker/.hidden"));
    Files.write(root.resolve("ranker/.hidden/model.onnx"), new byte[] {1});

    assertThat(names(ModelRepository.directory(root).versions("ranker"))).containsExactly("1");
  }

  @Test
  void namesThatCouldLeaveTheRoot_areRefused() {
    ModelRepository repository = ModelRepository.directory(root);
    for (String bad : List.of("..", "../etc", "a/b", "a\\b", "", " ranker", "x..y", "007")) {
      assertThatThrownBy(() -> repository.versions(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("model must be a positive integer or a name");
      assertThatThrownBy(() -> VersionPin.exact(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void symbolicLinksPointingOutside_areSkipped(@TempDir Path outside) throws IOException {
    version("ranker", "1", null);
    Files.write(outside.resolve("model.onnx"), new byte[] {9});
    Files.createDirectories(root.resolve("ranker/2"));
    Files.createSymbolicLink(root.resolve("ranker/2/model.onnx"), outside.resolve("model.onnx"));
    Files.createSymbolicLink(root.resolve("ranker/3"), outside);
    Files.createSymbolicLink(root.resolve("escape"), outside);

    assertThat(names(ModelRepository.directory(root).versions("ranker"))).containsExactly("1");
    assertThat(ModelRepository.directory(root).versions("escape")).isEmpty();
  }

  @Test
  void aRootThatIsNotADirectory_isRefused() throws IOException {
    Path file = Files.write(root.resolve("file"), new byte[0]);

    assertThatThrownBy(() -> ModelRepository.directory(file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> VersionPin.digest("md5:00"))
        .hasMessage("digest must be \"sha256:\" and 64 lower-case hex digits, but was 'md5:00'");
  }
}
