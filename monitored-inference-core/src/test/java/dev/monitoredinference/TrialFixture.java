package dev.monitoredinference;

import dev.monitoredinference.internal.Digests;
import dev.monitoredinference.internal.versioning.TrialWatch;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.runtime.LoadRequest;
import dev.monitoredinference.runtime.ModelLoader;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.runtime.RunControl;
import dev.monitoredinference.testing.ForwardingModelRuntime;
import dev.monitoredinference.testing.TestModels;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.VersionPin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A repository of linear scorers {@code score = x1 + x2 + bias} for canary and shadow tests, a
 * loader whose runtimes for version {@code "2"} can be told to fail or to block, and the model's
 * audit log and meters.
 */
final class TrialFixture implements AutoCloseable {
  final Path root;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final AuditLog audit = AuditLog.inMemory(Clock.systemUTC());
  final ScriptedLoader loader = new ScriptedLoader(OnnxModelLoader.create(), "2");
  private final List<MonitoredModel> models = new ArrayList<>();

  TrialFixture(Path root) {
    this.root = root;
  }

  /** Writes version {@code version} with bias {@code bias}; labels the first one "stable". */
  TrialFixture version(String version, float bias) {
    return version(version, TestModels.linearScorer(new float[] {1f, 1f}, bias));
  }

  /** Writes version {@code version} as the model {@code onnx}; labels the first one "stable". */
  TrialFixture version(String version, byte[] onnx) {
    try {
      Path directory = Files.createDirectories(root.resolve("ranker").resolve(version));
      Files.write(directory.resolve("model.onnx"), onnx);
      Files.writeString(directory.resolve("model.sha256"), Digests.sha256(onnx));
      Files.writeString(directory.resolve("model.properties"), version.equals("1") ? "labels=stable" : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A builder of the "ranker" serving the stable version, with admin for "ops" and metrics. */
  MonitoredModelBuilder builder() {
    return MonitoredModel.builder("ranker")
        .repository(ModelRepository.directory(root), VersionPin.label("stable"))
        .loader(loader)
        .admin(Admins.TOKENS, AdminAuthorizer.principals(Set.of("ops")), audit)
        .drainTimeout(Duration.ofSeconds(5))
        .metrics(registry);
  }

  MonitoredModel build(MonitoredModelBuilder builder) {
    MonitoredModel model = builder.build();
    models.add(model);
    return model;
  }

  /** The bias of the version that computed {@code p}'s first score for inputs summing to 3. */
  static int bias(Prediction p) {
    return Math.round(p.floatArray("score")[0] - 3f);
  }

  /** Waits until the running trial has compared every queued copy. */
  static void awaitComparisons(MonitoredModel model) throws InterruptedException {
    TrialWatch trial = model.state().traffic().trial();
    if (trial != null && !trial.awaitIdle(Duration.ofSeconds(10))) {
      throw new AssertionError("comparisons still queued after 10 s");
    }
  }

  /** "action:OUTCOME:principal" for each audit line. */
  List<String> auditTrail() {
    List<String> trail = new ArrayList<>();
    for (String line : audit.lines()) {
      trail.add(line.replaceAll(".*\"action\":\"([a-z_]+)\".*", "$1") + ":"
          + line.replaceAll(".*\"outcome\":\"([A-Z]+)\".*", "$1") + ":"
          + line.replaceAll(".*\"principal\":\"([a-z-]+)\".*", "$1"));
    }
    return trail;
  }

  /** The reason of the last audit line. */
  String lastReason() {
    List<String> lines = audit.lines();
    return lines.get(lines.size() - 1).replaceAll(".*\"reason\":\"([^\"]*)\".*", "$1");
  }

  @Override
  public void close() {
    models.forEach(MonitoredModel::close);
  }

  /** Wraps runtimes of one version so that a test can make them fail or block once armed. */
  static final class ScriptedLoader implements ModelLoader {
    enum Mode { NORMAL, FAIL, BLOCK }

    private final ModelLoader delegate;
    private final String scriptedVersion;
    volatile Mode mode = Mode.NORMAL;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    ScriptedLoader(ModelLoader delegate, String scriptedVersion) {
      this.delegate = delegate;
      this.scriptedVersion = scriptedVersion;
    }

    @Override
    public ModelRuntime load(LoadRequest request) {
      ModelRuntime runtime = delegate.load(request);
      return request.versionName().orElse("").equals(scriptedVersion) ? new Scripted(runtime) : runtime;
    }

    private final class Scripted extends ForwardingModelRuntime {
      Scripted(ModelRuntime runtime) {
        super(runtime);
      }

      @Override
      public Prediction run(Inputs inputs, RunControl control) {
        if (mode == Mode.FAIL) {
          throw new ModelExecutionException("ranker", version().version(), "planted failure",
              new IllegalStateException("planted"));
        }
        if (mode == Mode.BLOCK) {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.run(inputs, control);
      }
    }
  }
}
