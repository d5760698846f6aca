package dev.monitoredinference.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.Admins;
import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.runtime.ModelLoader;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drain timeouts, concurrent admin calls and directory watching. */
class DeployerLifecycleTest {
  private static final Inputs ROW = Inputs.of("features", new float[][] {{1f, 2f}});

  @TempDir Path root;
  private final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
  private MonitoredModel model;

  @AfterEach
  void close() {
    if (model != null) {
      model.close();
    }
  }

  private Path version(String version, byte[] onnx, boolean withDigest) throws IOException {
    Path directory = Files.createDirectories(root.resolve("ranker").resolve(version));
    Files.write(directory.resolve("model.onnx"), onnx);
    if (withDigest) {
      Files.writeString(directory.resolve("model.sha256"), Digests.sha256(onnx));
    }
    return directory;
  }

  private static byte[] scorer(float bias) {
    return TestModels.linearScorer(new float[] {1f, 1f}, bias);
  }

  private MonitoredModel build(ModelLoader loader, Duration drain) {
    model = MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.exact("1"))
        .loader(loader)
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops", "repository-watcher")), audit)
        .drainTimeout(drain)
        .build();
    return model;
  }

  @Test
  void aStuckRunPastTheDrainTimeout_isToldToTerminate_andItsSessionClosesAfterItReturns() throws Exception {
    version("1", scorer(1f), true);
    version("2", scorer(2f), true);
    CountDownLatch running = new CountDownLatch(1);
    List<FakeModelRuntime> loaded = new CopyOnWriteArrayList<>();
    ModelLoader stuckOnVersionOne = request -> {
      String name = request.versionName().orElseThrow();
      ModelVersion version = ModelVersion.builder("ranker", name)
          .input(TensorSpec.of("features", ElementType.FLOAT, TensorSpec.FREE, 2))
          .output(TensorSpec.of("score", ElementType.FLOAT, TensorSpec.FREE, 1))
          .build();
      FakeModelRuntime runtime = FakeModelRuntime.controlled(version, (inputs, control) -> {
        if (name.equals("1") && inputs.tensor(0).floatArray()[0] == 9f) {
          running.countDown();
          while (!control.isTerminated()) {
            Thread.onSpinWait(); // a run that only stops when told to, and then fails as ORT does
          }
          throw new IllegalStateException("run terminated");
        }
        return Map.of("score", Tensor.ofFloats(new float[] {Float.parseFloat(name)}, 1, 1));
      });
      loaded.add(runtime);
      return runtime;
    };
    build(stuckOnVersionOne, Duration.ofMillis(200));
    CompletableFuture<?> stuck = CompletableFuture.runAsync(
        () -> model.predict(Inputs.of("features", new float[][] {{9f, 9f}})));
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    model.deployer().promote(Admins.as("ops"), "2");

    assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ModelClosedException.class);
    assertThat(model.predict(ROW).floatArray("score")).containsExactly(2f);
    assertThat(loaded.get(0).terminateRequests()).isEqualTo(1);
    assertThat(loaded.get(0).closes()).isEqualTo(1);
    assertThat(loaded.get(0).closesWhileRunning()).isZero();
    assertThat(audit.lines().get(0)).contains("drain timed out after 200 ms");
  }

  @Test
  void concurrentAdminCalls_areAppliedOneAtATime() throws Exception {
    version("1", scorer(1f), true);
    version("2", scorer(2f), true);
    CountingLoader loader = new CountingLoader(OnnxModelLoader.create());
    build(loader, Duration.ofSeconds(5));
    ExecutorService admins = Executors.newFixedThreadPool(8);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String version = i % 2 == 0 ? "2" : "1";
      calls.add(admins.submit(() -> model.deployer().promote(Admins.as("ops"), version)));
    }
    for (Future<?> call : calls) {
      call.get(60, TimeUnit.SECONDS);
    }
    admins.shutdown();

    assertThat(audit.lines()).hasSize(40);
    assertThat(AuditLog.verify(audit.lines()).intact()).isTrue();
    assertThat(loader.maxOpen.get()).isLessThanOrEqualTo(2);
    assertThat(loader.open).hasValue(1);
    assertThat(loader.eachClosedAtMostOnce()).isTrue();
    String serving = model.deployer().serving().version();
    assertThat(model.predict(ROW).floatArray("score")).containsExactly(3f + Float.parseFloat(serving));
  }

  @Test
  void theWatcher_promotesCompleteVersionsOnly_andRetriesAHalfCopiedOneOnlyWhenItChanges() throws IOException {
    version("1", scorer(1f), true);
    build(OnnxModelLoader.create(), Duration.ofSeconds(5));
    RepositoryWatcher watcher = RepositoryWatcher.manual(model.deployer(), VersionPin.latest(), () -> Admins.as("repository-watcher"));

    assertThat(watcher.poll()).isEmpty(); // 1 is serving
    Path two = version("2", scorer(2f), false);
    assertThat(watcher.poll()).isEmpty(); // no model.sha256 yet: not complete
    byte[] full = scorer(2f);
    Files.write(two.resolve("model.onnx"), java.util.Arrays.copyOf(full, full.length / 2));
    Files.writeString(two.resolve("model.sha256"), Digests.sha256(full));
    assertThatThrownBy(watcher::poll).isInstanceOf(ModelIntegrityException.class);
    assertThat(watcher.poll()).isEmpty(); // the same half copy is not retried
    assertThat(model.predict(ROW).floatArray("score")).containsExactly(4f);

    Files.write(two.resolve("model.onnx"), full); // the copy completes
    assertThat(watcher.poll()).contains("2");
    assertThat(model.predict(ROW).floatArray("score")).containsExactly(5f);
    assertThat(audit.lines()).hasSize(2);
    assertThat(audit.lines().get(1)).contains("\"principal\":\"repository-watcher\"", "\"outcome\":\"SUCCESS\"");
    watcher.close();
  }

  @Test
  void watcherSettings_areCheckedAtOnce() throws IOException {
    version("1", scorer(1f), true);
    build(OnnxModelLoader.create(), Duration.ofSeconds(5));

    assertThatThrownBy(() -> RepositoryWatcher.start(model.deployer(), VersionPin.latest(), () -> Admins.as("w"), Duration.ZERO))
        .hasMessage("interval must be > 0, but was PT0S");
  }
}
