package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.ServingVersion;
import dev.monitoredinference.internal.WarmUpInputs;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditEvent;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.RepositoryVersion;
import dev.monitoredinference.versioning.VersionPin;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Admin operations on a live {@link MonitoredModel} built from a {@link ModelRepository}: stage a
 * version ({@link #deploy}), serve it ({@link #promote}), go back ({@link #rollback}), unload a
 * staged one ({@link #retire}). Obtained from {@link MonitoredModel#deployer()}.
 *
 * <pre>{@code
 * MonitoredModel ranker = MonitoredModel.builder("ranker")
 *     .repository(ModelRepository.directory(Path.of("/srv/models")), VersionPin.label("stable"))
 *     .admin(AdminAuthorizer.principals(Set.of("deploy-bot")), AuditLog.toFile(auditFile, Clock.systemUTC()))
 *     .build();
 * ranker.deployer().promote("deploy-bot", "8");   // load, check, warm up, swap; v7 drains and closes
 * ranker.deployer().rollback("deploy-bot");       // back to 7
 * }</pre>
 *
 * <p>A new version is loaded (its {@code model.sha256} checked), its inputs compared with the
 * serving version's, and warmed up with one run before it is published atomically; calls in
 * flight finish on the version they started on. The replaced version refuses new calls, gets up
 * to the drain timeout for its running calls, then tells the stragglers to terminate (they fail
 * with {@link ModelClosedException}); its session is closed exactly once, after its last call. If
 * anything fails, the serving version is untouched. Every operation passes the authorisation hook
 * and is written to the audit log, refused and failed ones included. Operations are applied one
 * at a time (the methods are synchronized).
 */
public final class ModelDeployer {
  private final MonitoredModel model;
  private final ModelRepository repository;
  private final Function<RepositoryVersion, ModelRuntime> loader;
  private final Consumer<LoadOutcome> countLoad;
  private final AdminAuthorizer authorizer;
  private final AuditLog audit;
  private final Duration drainTimeout;
  private final Deque<RepositoryVersion> history = new ArrayDeque<>();
  private final Map<String, ServingVersion> staged = new LinkedHashMap<>();
  private RepositoryVersion serving;
  private volatile @Nullable String lastFailure;

  ModelDeployer(MonitoredModel model, ModelRepository repository, RepositoryVersion serving,
      Function<RepositoryVersion, ModelRuntime> loader, Consumer<LoadOutcome> countLoad,
      AdminAuthorizer authorizer, AuditLog audit, Duration drainTimeout) {
    this.countLoad = countLoad;
    this.model = model;
    this.repository = repository;
    this.serving = serving;
    this.loader = loader;
    this.authorizer = authorizer;
    this.audit = audit;
    this.drainTimeout = drainTimeout;
  }

  /**
   * Loads, checks and warms up {@code version} without serving it, so that a later {@link
   * #promote} is a swap only. Staging a version already staged does nothing.
   *
   * @throws AccessDeniedException if the hook refuses
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one (e.g. {@link VersionUnavailableException}, {@link ModelIntegrityException})
   */
  public synchronized ModelVersion deploy(String principal, String version) {
    authorize(principal, "deploy");
    RepositoryVersion wanted = resolve(principal, "deploy", VersionPin.exact(version));
    ServingVersion loaded = staged.get(version);
    if (loaded == null) {
      loaded = load(principal, "deploy", wanted);
      staged.put(version, loaded);
    }
    record(principal, "deploy", model.version(), loaded.version(), AuditEvent.Outcome.SUCCESS, "staged");
    return loaded.version();
  }

  /** {@link #promote(String, VersionPin)} with {@code VersionPin.exact(version)}. */
  public ModelVersion promote(String principal, String version) {
    return promote(principal, VersionPin.exact(version));
  }

  /**
   * Serves the version {@code pin} selects (staged, or loaded now) and retires the current one.
   *
   * @return the version now serving
   * @throws AccessDeniedException if the hook refuses
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one; the current one keeps serving
   */
  public synchronized ModelVersion promote(String principal, VersionPin pin) {
    authorize(principal, "promote");
    RepositoryVersion wanted = resolve(principal, "promote", pin);
    return serve(principal, "promote", wanted, true);
  }

  /**
   * Serves again the version that served before the last {@link #promote}.
   *
   * @throws AccessDeniedException if the hook refuses
   * @throws IllegalStateException if no version served before
   * @throws ModelLoadException if it cannot be loaded again; the current one keeps serving
   */
  public synchronized ModelVersion rollback(String principal) {
    authorize(principal, "rollback");
    RepositoryVersion previous = history.peek();
    if (previous == null) {
      record(principal, "rollback", model.version(), null, AuditEvent.Outcome.FAILED, "no earlier version");
      throw new IllegalStateException("model '" + model.name() + "' has no earlier version to roll back to");
    }
    ModelVersion now = serve(principal, "rollback", previous, false);
    history.pop();
    return now;
  }

  /**
   * Unloads the staged {@code version}.
   *
   * @throws AccessDeniedException if the hook refuses
   * @throws IllegalStateException if {@code version} is serving or not staged
   */
  public synchronized void retire(String principal, String version) {
    authorize(principal, "retire");
    ServingVersion loaded = staged.remove(version);
    if (loaded == null) {
      String reason = version.equals(serving.version()) ? "it is serving; promote another first" : "it is not staged";
      record(principal, "retire", null, null, AuditEvent.Outcome.FAILED, "version " + version + ": " + reason);
      throw new IllegalStateException("cannot retire version " + version + " of model '" + model.name() + "': " + reason);
    }
    boolean drained = loaded.retire(drainTimeout);
    record(principal, "retire", loaded.version(), null, AuditEvent.Outcome.SUCCESS,
        drained ? "unloaded" : "unloaded; drain timed out, running calls told to terminate");
  }

  /** The repository versions come from. */
  public ModelRepository repository() {
    return repository;
  }

  /** The repository version serving now. */
  public synchronized RepositoryVersion serving() {
    return serving;
  }

  /** Versions served before the current one, most recent first (the rollback path). */
  public synchronized List<String> history() {
    List<String> versions = new ArrayList<>();
    history.forEach(version -> versions.add(version.version()));
    return versions;
  }

  /** Versions loaded by {@link #deploy} and not yet promoted or retired. */
  public synchronized List<String> staged() {
    return List.copyOf(staged.keySet());
  }

  /** Why the last failed operation failed, until an operation succeeds; feeds {@code health()}. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** Unloads every staged version; called when the model closes. */
  synchronized void closeStaged() {
    staged.values().forEach(ServingVersion::retireWhenIdle);
    staged.clear();
  }

  private ModelVersion serve(String principal, String action, RepositoryVersion wanted, boolean remember) {
    ModelVersion before = model.version();
    if (wanted.version().equals(serving.version()) && wanted.digest().equals(serving.digest())) {
      record(principal, action, before, before, AuditEvent.Outcome.SUCCESS, "already serving");
      return before;
    }
    ServingVersion next = staged.remove(wanted.version());
    if (next == null) {
      next = load(principal, action, wanted);
    }
    ServingVersion old;
    try {
      old = model.swap(next);
    } catch (ModelClosedException e) {
      next.retireWhenIdle();
      throw fail(principal, action, before, next.version(), e);
    }
    if (remember) {
      history.push(serving);
    }
    serving = wanted;
    boolean drained = old.retire(drainTimeout);
    lastFailure = null;
    record(principal, action, before, next.version(), AuditEvent.Outcome.SUCCESS,
        drained ? "swapped; the old version drained" : "swapped; drain timed out after "
            + drainTimeout.toMillis() + " ms, running calls told to terminate");
    return next.version();
  }

  private RepositoryVersion resolve(String principal, String action, VersionPin pin) {
    try {
      return repository.resolve(model.name(), pin);
    } catch (ModelLoadException e) {
      throw fail(principal, action, model.version(), null, e);
    }
  }

  /** Loads, checks and warms up {@code wanted}; on any failure closes what it loaded. */
  private ServingVersion load(String principal, String action, RepositoryVersion wanted) {
    ModelRuntime runtime;
    try {
      runtime = requireNonNull(loader.apply(wanted), "the loader returned no runtime");
    } catch (RuntimeException e) {
      throw fail(principal, action, model.version(), null, e);
    }
    try {
      checkInputs(runtime.version());
      warmUp(runtime);
      ServingVersion assembled = model.assemble(runtime);
      countLoad.accept(LoadOutcome.SUCCESS);
      return assembled;
    } catch (RuntimeException e) {
      runtime.close();
      countLoad.accept(e instanceof ModelLoadException ? ((ModelLoadException) e).outcome() : LoadOutcome.ERROR);
      throw fail(principal, action, model.version(), runtime.version(), e);
    }
  }

  private void checkInputs(ModelVersion candidate) {
    ModelVersion current = model.version();
    if (!candidate.inputs().toString().equals(current.inputs().toString())) {
      throw new ModelLoadException(model.name(), LoadOutcome.INVALID_MODEL, "version "
          + candidate.version() + " takes inputs " + candidate.inputs() + ", but version "
          + current.version() + " takes " + current.inputs() + "; callers would break", null);
    }
  }

  private void warmUp(ModelRuntime runtime) {
    try {
      runtime.run(WarmUpInputs.of(runtime.version()));
    } catch (RuntimeException e) {
      throw new ModelLoadException(model.name(), LoadOutcome.ERROR,
          "version " + runtime.version().version() + " failed its warm-up run: " + e.getMessage(), e);
    }
  }

  private void authorize(String principal, String action) {
    requireNonNull(principal, "principal");
    boolean allowed;
    try {
      allowed = authorizer.allows(principal, action, model.name());
    } catch (RuntimeException e) {
      allowed = false; // a failing hook refuses
    }
    if (!allowed) {
      record(principal, action, null, null, AuditEvent.Outcome.DENIED, "refused by the authorisation hook");
      throw new AccessDeniedException(model.name(), principal, action);
    }
  }

  private RuntimeException fail(String principal, String action, @Nullable ModelVersion from,
      @Nullable ModelVersion to, RuntimeException failure) {
    lastFailure = action + " failed: " + failure.getMessage();
    record(principal, action, from, to, AuditEvent.Outcome.FAILED, String.valueOf(failure.getMessage()));
    return failure;
  }

  private void record(String principal, String action, @Nullable ModelVersion from,
      @Nullable ModelVersion to, AuditEvent.Outcome outcome, String reason) {
    audit.record(AuditEvent.of(principal, action, model.name(), from, to, outcome, reason));
  }

  @Override
  public String toString() {
    return "ModelDeployer[" + model.name() + " serving " + serving.version() + "]";
  }
}
