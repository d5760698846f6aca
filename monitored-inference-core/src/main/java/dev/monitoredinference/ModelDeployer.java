package dev.monitoredinference;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.internal.call.ServingVersion;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditEvent;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.RepositoryVersion;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import dev.monitoredinference.versioning.VersionPin;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.versioning.AccessDeniedException;
import dev.monitoredinference.versioning.VersionUnavailableException;
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
 * version ({@link #deploy}), try it on a share of the calls ({@link #canary}) or on a copy of them
 * ({@link #shadow}), serve it ({@link #promote}), go back ({@link #rollback}), unload a staged one
 * ({@link #retire}). Obtained from {@link MonitoredModel#deployer()}.
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
  private final AdminAudit admin;
  private final Duration drainTimeout;
  private final Deque<RepositoryVersion> history = new ArrayDeque<>();
  private final Map<String, ServingVersion> staged = new LinkedHashMap<>();
  private final TrialSettings trials;
  private RepositoryVersion serving;
  private @Nullable CandidateTrial trial;

  ModelDeployer(MonitoredModel model, ModelRepository repository, RepositoryVersion serving,
      Function<RepositoryVersion, ModelRuntime> loader, Consumer<LoadOutcome> countLoad,
      AdminAuthorizer authorizer, AuditLog audit, Duration drainTimeout, TrialSettings trials) {
    this.trials = trials;
    this.countLoad = countLoad;
    this.model = model;
    this.repository = repository;
    this.serving = serving;
    this.loader = loader;
    this.admin = new AdminAudit(model.name(), authorizer, audit);
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
    admin.authorize(principal, "deploy");
    if (model.isClosed()) {
      throw admin.fail(principal, "deploy", null, null, new ModelClosedException(model.name()));
    }
    RepositoryVersion wanted = resolve(principal, "deploy", VersionPin.exact(version));
    ServingVersion loaded = staged.get(version);
    if (loaded == null) {
      loaded = load(principal, "deploy", wanted);
      if (model.isClosed()) { // closed while loading: closeStaged() has run already
        loaded.retireWhenIdle();
        throw admin.fail(principal, "deploy", null, loaded.version(), new ModelClosedException(model.name()));
      }
      staged.put(version, loaded);
    }
    admin.record(principal, "deploy", model.version(), loaded.version(), AuditEvent.Outcome.SUCCESS, "staged");
    return loaded.version();
  }

  /** {@link #promote(String, VersionPin)} with {@code VersionPin.exact(version)}. */
  public ModelVersion promote(String principal, String version) {
    return promote(principal, VersionPin.exact(version));
  }

  /**
   * Serves the version {@code pin} selects (staged, under trial, or loaded now) and retires the
   * current one. A running canary or shadow ends: its candidate is served if it is the version
   * selected (without loading it again), else unloaded.
   *
   * @return the version now serving
   * @throws AccessDeniedException if the hook refuses
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one; the current one keeps serving
   */
  public synchronized ModelVersion promote(String principal, VersionPin pin) {
    admin.authorize(principal, "promote");
    RepositoryVersion wanted = resolve(principal, "promote", pin);
    return serve(principal, "promote", wanted, true);
  }

  /**
   * Ends a running canary or shadow, unloading its candidate; without one, serves again the
   * version that served before the last {@link #promote}.
   *
   * @throws AccessDeniedException if the hook refuses
   * @throws IllegalStateException if no version served before
   * @throws ModelLoadException if it cannot be loaded again; the current one keeps serving
   */
  public synchronized ModelVersion rollback(String principal) {
    admin.authorize(principal, "rollback");
    CandidateTrial running = trial;
    if (running != null) {
      endTrial(principal, running, "ended; version " + serving.version() + " serves every call");
      admin.succeeded();
      return model.version();
    }
    RepositoryVersion previous = history.peek();
    if (previous == null) {
      admin.record(principal, "rollback", model.version(), null, AuditEvent.Outcome.FAILED, "no earlier version");
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
    admin.authorize(principal, "retire");
    ServingVersion loaded = staged.remove(version);
    if (loaded == null) {
      String reason = version.equals(serving.version()) ? "it is serving; promote another first" : "it is not staged";
      admin.record(principal, "retire", null, null, AuditEvent.Outcome.FAILED, "version " + version + ": " + reason);
      throw new IllegalStateException("cannot retire version " + version + " of model '" + model.name() + "': " + reason);
    }
    boolean drained = loaded.retire(drainTimeout);
    admin.record(principal, "retire", loaded.version(), null, AuditEvent.Outcome.SUCCESS,
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

  /**
   * Sends {@code share} of the calls to {@code version} (staged, or loaded, checked and warmed up
   * now) while the serving version answers the rest; {@link #promote} of that version ends the
   * canary by serving it to every call, {@link #rollback} by unloading it. Calls made with the
   * same {@link RoutingKey} go to the same version while the share is unchanged; calls without one
   * are spread evenly at the share. Calling it again for the running canary's version changes the
   * share. With {@link MonitoredModelBuilder#comparison} sampled canary calls are also run on the
   * serving version off the caller's path and compared, and a {@link
   * MonitoredModelBuilder#rollbackGuard} ends a canary that fails its bounds.
   *
   * <pre>{@code
   * model.deployer().canary("deploy-bot", "8", 0.05);
   * Prediction p = model.predict(inputs, RoutingKey.of(userId)); // p.version() says which answered
   * }</pre>
   *
   * @return the candidate version
   * @throws IllegalArgumentException unless {@code 0 < share < 1}
   * @throws AccessDeniedException if the hook refuses
   * @throws IllegalStateException if {@code version} is serving, or a trial of another version (or
   *     a shadow) is running
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one; nothing changes
   */
  public synchronized ModelVersion canary(String principal, String version, double share) {
    requireNonNull(version, "version");
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("share must be in (0, 1), but was " + share);
    }
    admin.authorize(principal, "canary");
    CandidateTrial running = trial;
    if (running != null && running.isCanary() && running.version().version().equals(version)) {
      String from = CandidateTrial.percent(running.share());
      trial = running.reshare(model, share);
      admin.record(principal, "canary", model.version(), running.loaded(), AuditEvent.Outcome.SUCCESS,
          "share changed from " + from + " % to " + CandidateTrial.percent(share) + " %");
      return running.loaded();
    }
    return startTrial(principal, "canary", version, share);
  }

  /**
   * Runs {@code version} (staged, or loaded now) on a sampled copy of the calls off the callers'
   * path, discards its answers and records how it differs from the serving version ({@link
   * MonitoredModelBuilder#comparison}); callers always get the serving version's answer. {@link
   * #promote} of that version serves it, {@link #rollback} unloads it.
   *
   * @return the candidate version
   * @throws AccessDeniedException if the hook refuses
   * @throws IllegalStateException if {@code version} is serving or a trial is running
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one; nothing changes
   */
  public synchronized ModelVersion shadow(String principal, String version) {
    requireNonNull(version, "version");
    admin.authorize(principal, "shadow");
    return startTrial(principal, "shadow", version, 0);
  }

  /** The version under a canary or shadow trial, if one is running. */
  public synchronized Optional<String> candidate() {
    return Optional.ofNullable(trial).map(running -> running.version().version());
  }

  /** The share of calls the running canary takes; 0 for a shadow or without a trial. */
  public synchronized double canaryShare() {
    return trial == null ? 0 : trial.share();
  }

  private ModelVersion startTrial(String principal, String action, String version, double share) {
    String refusal = trial != null ? "a " + trial.describe() + " is running; promote or roll it back first"
        : version.equals(serving.version()) ? "version " + version + " is serving" : null;
    if (refusal != null) {
      admin.record(principal, action, model.version(), null, AuditEvent.Outcome.FAILED, refusal);
      throw new IllegalStateException("cannot start a " + action + " of version " + version
          + " of model '" + model.name() + "': " + refusal);
    }
    RepositoryVersion wanted = resolve(principal, action, VersionPin.exact(version));
    ServingVersion candidate = staged.remove(version);
    if (candidate == null) {
      candidate = load(principal, action, wanted);
    }
    try {
      trial = CandidateTrial.start(model, wanted, candidate, share, trials, this::endByGuard);
    } catch (RuntimeException e) {
      candidate.retireWhenIdle(); // nothing else owns it
      throw admin.fail(principal, action, model.version(), candidate.version(), e);
    }
    admin.succeeded();
    admin.record(principal, action, model.version(), candidate.version(), AuditEvent.Outcome.SUCCESS,
        trial.describe() + " started");
    return candidate.version();
  }

  /** Ends {@code running} (the current trial) and audits it under {@code principal}. */
  private void endTrial(String principal, CandidateTrial running, String reason) {
    trial = null;
    boolean drained = running.end(model, drainTimeout);
    admin.record(principal, "rollback", running.loaded(), model.version(), AuditEvent.Outcome.SUCCESS,
        running.describe() + " " + reason + (drained ? "" : "; drain timed out, running calls told"
            + " to terminate"));
  }

  /** The rollback guard's verdict on {@code judged}: ends it unless it has ended already. */
  private synchronized void endByGuard(CandidateTrial judged, String reason) {
    CandidateTrial running = trial;
    if (running == null || !running.sameWatch(judged)) {
      return; // ended already; a share change keeps the watch, so it still counts as this trial
    }
    endTrial(RollbackGuardConfig.PRINCIPAL, running, "rolled back by the guard: " + reason);
    admin.failed("rollback guard ended the " + running.describe() + ": " + reason);
  }

  private static boolean sameVersion(RepositoryVersion a, RepositoryVersion b) {
    return a.version().equals(b.version()) && a.digest().equals(b.digest());
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
    return admin.lastFailure();
  }

  /** Unloads every staged version; called when the model closes. */
  synchronized void closeStaged() {
    trial = null; // closing the model stops its watch and unloads its candidate
    staged.values().forEach(ServingVersion::retireWhenIdle);
    staged.clear();
  }

  private ModelVersion serve(String principal, String action, RepositoryVersion wanted, boolean remember) {
    ModelVersion before = model.version();
    CandidateTrial running = trial;
    if (running != null && !sameVersion(running.version(), wanted)) {
      endTrial(principal, running, "ended by " + action + " of version " + wanted.version());
      running = null;
    }
    if (sameVersion(wanted, serving)) {
      admin.record(principal, action, before, before, AuditEvent.Outcome.SUCCESS, "already serving");
      return before;
    }
    ServingVersion next = running != null ? running.candidate() : staged.remove(wanted.version());
    if (next == null) {
      next = load(principal, action, wanted);
    }
    ServingVersion old;
    try {
      old = model.swap(next);
    } catch (ModelClosedException e) {
      next.retireWhenIdle();
      throw admin.fail(principal, action, before, next.version(), e);
    }
    if (running != null) {
      running.handOver(); // after the swap: the candidate's calls never lose their watch early
      trial = null;
    }
    if (remember) {
      history.push(serving);
    }
    serving = wanted;
    boolean drained = old.retire(drainTimeout);
    admin.succeeded();
    admin.record(principal, action, before, next.version(), AuditEvent.Outcome.SUCCESS,
        drained ? "swapped; the old version drained" : "swapped; drain timed out after "
            + drainTimeout.toMillis() + " ms, running calls told to terminate");
    return next.version();
  }

  private RepositoryVersion resolve(String principal, String action, VersionPin pin) {
    try {
      return repository.resolve(model.name(), pin);
    } catch (ModelLoadException e) {
      throw admin.fail(principal, action, model.version(), null, e);
    }
  }

  /** Loads, checks and warms up {@code wanted}; on any failure closes what it loaded. */
  private ServingVersion load(String principal, String action, RepositoryVersion wanted) {
    ModelRuntime runtime;
    try {
      runtime = requireNonNull(loader.apply(wanted), "the loader returned no runtime");
    } catch (RuntimeException e) {
      throw admin.fail(principal, action, model.version(), null, e);
    }
    try {
      CandidateCheck.check(model.name(), model.version(), runtime);
      ServingVersion assembled = model.assemble(runtime);
      countLoad.accept(LoadOutcome.SUCCESS);
      return assembled;
    } catch (RuntimeException e) {
      runtime.close();
      countLoad.accept(e instanceof ModelLoadException ? ((ModelLoadException) e).outcome() : LoadOutcome.ERROR);
      throw admin.fail(principal, action, model.version(), runtime.version(), e);
    }
  }

  @Override
  public String toString() {
    return "ModelDeployer[" + model.name() + " serving " + serving.version() + "]";
  }
}
