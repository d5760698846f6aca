package dev.monitoredinference.internal.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.LoadOutcome;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.RoutingKey;
import dev.monitoredinference.authentication.AdminAuthenticator;
import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.internal.call.LoadedVersion;
import dev.monitoredinference.runtime.ModelRuntime;
import dev.monitoredinference.versioning.AccessDeniedException;
import dev.monitoredinference.versioning.AdminAuthorizer;
import dev.monitoredinference.versioning.AuditEvent;
import dev.monitoredinference.versioning.AuditLog;
import dev.monitoredinference.versioning.ModelDeployer;
import dev.monitoredinference.versioning.ModelRepository;
import dev.monitoredinference.versioning.PromotionWatchConfig;
import dev.monitoredinference.versioning.RepositoryVersion;
import dev.monitoredinference.versioning.RollbackGuardConfig;
import dev.monitoredinference.versioning.VersionPin;
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

/** The {@link ModelDeployer} of a model built from a {@link ModelRepository}. */
public final class RepositoryDeployer implements ModelDeployer {
  /** The audit action of a trial's end, by {@link #endTrial}, the guard or a promote. */
  private static final String END_TRIAL = "end_trial";

  private final ServingState model;
  private final ModelRepository repository;
  private final Function<RepositoryVersion, ModelRuntime> loader;
  private final Consumer<LoadOutcome> countLoad;
  private final AdminAudit admin;
  private final Duration drainTimeout;
  private final Deque<RepositoryVersion> history = new ArrayDeque<>();
  private final Map<String, LoadedVersion> staged = new LinkedHashMap<>();
  private final TrialSettings trials;
  private final @Nullable PromotionSettings promotions;
  private RepositoryVersion serving;
  private @Nullable Trial trial;
  private @Nullable PromotionWatch watching;

  public RepositoryDeployer(ServingState model, ModelRepository repository, RepositoryVersion serving,
      Function<RepositoryVersion, ModelRuntime> loader, Consumer<LoadOutcome> countLoad,
      AdminAuthenticator authenticator, AdminAuthorizer authorizer, AuditLog audit, Duration drainTimeout,
      TrialSettings trials, @Nullable PromotionSettings promotions) {
    this.trials = trials;
    this.promotions = promotions;
    this.countLoad = countLoad;
    this.model = model;
    this.repository = repository;
    this.serving = serving;
    this.loader = loader;
    this.admin = new AdminAudit(model.name(), authenticator, authorizer, audit);
    this.drainTimeout = drainTimeout;
  }

  @Override
  public synchronized ModelVersion deploy(AdminCredential credential, String version) {
    String principal = admin.authorize(credential, "deploy");
    if (model.isClosed()) {
      throw admin.fail(principal, "deploy", null, null, new ModelClosedException(model.name()));
    }
    RepositoryVersion wanted = resolve(principal, "deploy", VersionPin.exact(version));
    LoadedVersion loaded = staged.get(version);
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

  @Override
  public ModelVersion promote(AdminCredential credential, String version) {
    return promote(credential, VersionPin.exact(version));
  }

  @Override
  public synchronized ModelVersion promote(AdminCredential credential, VersionPin pin) {
    String principal = admin.authorize(credential, "promote");
    RepositoryVersion wanted = resolve(principal, "promote", pin);
    return serve(principal, "promote", wanted, true, null);
  }

  @Override
  public synchronized ModelVersion endTrial(AdminCredential credential) {
    String principal = admin.authorize(credential, END_TRIAL);
    Trial running = trial;
    if (running == null) {
      admin.record(principal, END_TRIAL, model.version(), null, AuditEvent.Outcome.FAILED,
          "no canary or shadow is running");
      throw new IllegalStateException("model '" + model.name() + "' has no canary or shadow to end");
    }
    endTrial(principal, running, "ended; version " + serving.version() + " serves every call");
    admin.succeeded();
    return model.version();
  }

  @Override
  public synchronized ModelVersion rollback(AdminCredential credential) {
    String principal = admin.authorize(credential, "rollback");
    RepositoryVersion previous = history.peek();
    if (previous == null) {
      admin.record(principal, "rollback", model.version(), null, AuditEvent.Outcome.FAILED, "no earlier version");
      throw new IllegalStateException("model '" + model.name() + "' has no earlier version to roll back to");
    }
    ModelVersion now = serve(principal, "rollback", previous, false, null);
    history.pop();
    return now;
  }

  @Override
  public synchronized void retire(AdminCredential credential, String version) {
    String principal = admin.authorize(credential, "retire");
    LoadedVersion loaded = staged.remove(version);
    if (loaded == null) {
      String reason = version.equals(serving.version()) ? "it is serving; promote another first" : "it is not staged";
      admin.record(principal, "retire", null, null, AuditEvent.Outcome.FAILED, "version " + version + ": " + reason);
      throw new IllegalStateException("cannot retire version " + version + " of model '" + model.name() + "': " + reason);
    }
    boolean drained = loaded.retire(drainTimeout);
    admin.record(principal, "retire", loaded.version(), null, AuditEvent.Outcome.SUCCESS,
        drained ? "unloaded" : "unloaded; drain timed out, running calls told to terminate");
  }

  @Override
  public ModelRepository repository() {
    return repository;
  }

  @Override
  public synchronized RepositoryVersion serving() {
    return serving;
  }

  @Override
  public synchronized ModelVersion canary(AdminCredential credential, String version, double share) {
    requireNonNull(version, "version");
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("share must be in (0, 1), but was " + share);
    }
    String principal = admin.authorize(credential, "canary");
    Trial running = trial;
    if (running != null && running.isCanary() && running.version().version().equals(version)) {
      String from = Trial.percent(running.share());
      trial = running.reshare(model, share);
      admin.record(principal, "canary", model.version(), running.loaded(), AuditEvent.Outcome.SUCCESS,
          "share changed from " + from + " % to " + Trial.percent(share) + " %");
      return running.loaded();
    }
    return startTrial(principal, "canary", version, share);
  }

  @Override
  public synchronized ModelVersion shadow(AdminCredential credential, String version) {
    requireNonNull(version, "version");
    String principal = admin.authorize(credential, "shadow");
    return startTrial(principal, "shadow", version, 0);
  }

  @Override
  public synchronized Optional<String> candidate() {
    return Optional.ofNullable(trial).map(running -> running.version().version());
  }

  @Override
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
    LoadedVersion candidate = staged.remove(version);
    if (candidate == null) {
      candidate = load(principal, action, wanted);
    }
    try {
      trial = Trial.start(model, wanted, candidate, share, trials, this::endByGuard);
    } catch (RuntimeException e) {
      candidate.retireWhenIdle(); // nothing else owns it
      throw admin.fail(principal, action, model.version(), candidate.version(), e);
    }
    stopWatching(); // the trial's traffic replaced the watched one
    admin.succeeded();
    admin.record(principal, action, model.version(), candidate.version(), AuditEvent.Outcome.SUCCESS,
        trial.describe() + " started");
    return candidate.version();
  }

  /** Ends {@code running} (the current trial) and audits it under {@code principal}. */
  private void endTrial(String principal, Trial running, String reason) {
    trial = null;
    boolean drained = running.end(model, drainTimeout);
    admin.record(principal, END_TRIAL, running.loaded(), model.version(), AuditEvent.Outcome.SUCCESS,
        running.describe() + " " + reason + (drained ? "" : "; drain timed out, running calls told"
            + " to terminate"));
  }

  /** The rollback guard's verdict on {@code judged}: ends it unless it has ended already. */
  private synchronized void endByGuard(Trial judged, String reason) {
    Trial running = trial;
    if (running == null || !running.sameWatch(judged)) {
      return; // ended already; a share change keeps the watch, so it still counts as this trial
    }
    endTrial(RollbackGuardConfig.PRINCIPAL, running, "rolled back by the guard: " + reason);
    admin.failed("rollback guard ended the " + running.describe() + ": " + reason);
  }

  /** The promotion watch's verdict on {@code judged}: rolls back unless the watch has ended. */
  private synchronized void rollBackByWatch(PromotionWatch judged, String reason) {
    RepositoryVersion previous = history.peek();
    if (watching != judged || previous == null) {
      return; // replaced, rolled back or a trial started meanwhile
    }
    // Kept before the swap shows, so that whoever sees the version change also sees why.
    admin.failed("promotion watch rolled back version " + serving.version() + ": " + reason);
    try {
      serve(PromotionWatchConfig.PRINCIPAL, "rollback", previous, false,
          "rolled back by the promotion watch: " + reason);
      history.pop();
    } catch (RuntimeException e) {
      // audited and kept for health by serve(); the promoted version keeps serving
    }
  }

  /** The promotion watch's period ended without a verdict: audited, and the watch forgotten. */
  private synchronized void watchPassed(PromotionWatch judged) {
    if (watching != judged) {
      return;
    }
    watching = null;
    admin.record(PromotionWatchConfig.PRINCIPAL, "promotion_watch", model.version(), null,
        AuditEvent.Outcome.SUCCESS, "version " + serving.version() + " passed its watch of "
            + requireNonNull(promotions).config().period());
  }

  private PromotionWatch watch(PromotionSettings settings, String previous, String promoted) {
    PromotionWatch[] made = new PromotionWatch[1];
    made[0] = new PromotionWatch(settings, previous, promoted,
        reason -> rollBackByWatch(made[0], reason), () -> watchPassed(made[0]));
    return made[0];
  }

  private void stopWatching() {
    if (watching != null) {
      watching.stop();
      watching = null;
    }
  }

  private static boolean sameVersion(RepositoryVersion a, RepositoryVersion b) {
    return a.version().equals(b.version()) && a.digest().equals(b.digest());
  }

  @Override
  public synchronized List<String> history() {
    List<String> versions = new ArrayList<>();
    history.forEach(version -> versions.add(version.version()));
    return versions;
  }

  @Override
  public synchronized List<String> staged() {
    return List.copyOf(staged.keySet());
  }

  @Override
  public Optional<String> lastFailure() {
    return admin.lastFailure();
  }

  /** Unloads every staged version; called when the model closes. */
  public synchronized void closeStaged() {
    trial = null; // closing the model stops its watch and unloads its candidate
    stopWatching();
    staged.values().forEach(LoadedVersion::retireWhenIdle);
    staged.clear();
  }

  /**
   * Serves {@code wanted} in place of the serving version; {@code remember} (a promotion) puts the
   * replaced one on the rollback path and starts a promotion watch if configured. {@code why}, an
   * automatic rollback's reason, prefixes the audited reason and leaves the last failure standing.
   */
  private ModelVersion serve(String principal, String action, RepositoryVersion wanted,
      boolean remember, @Nullable String why) {
    ModelVersion before = model.version();
    Trial running = trial;
    if (running != null && !sameVersion(running.version(), wanted)) {
      endTrial(principal, running, "ended by " + action + " of version " + wanted.version());
      running = null;
    }
    if (sameVersion(wanted, serving)) {
      admin.record(principal, action, before, before, AuditEvent.Outcome.SUCCESS, "already serving");
      return before;
    }
    LoadedVersion next = running != null ? running.candidate() : staged.remove(wanted.version());
    if (next == null) {
      next = load(principal, action, wanted);
    }
    PromotionWatch watch = remember && promotions != null
        ? watch(promotions, before.version(), next.version().version()) : null;
    LoadedVersion old;
    try {
      old = model.swap(next, watch);
    } catch (ModelClosedException e) {
      next.retireWhenIdle();
      throw admin.fail(principal, action, before, next.version(), e);
    }
    stopWatching();
    watching = watch;
    if (running != null) {
      running.handOver(); // after the swap: the candidate's calls never lose their watch early
      trial = null;
    }
    if (remember) {
      history.push(serving);
    }
    serving = wanted;
    boolean drained = old.retire(drainTimeout);
    if (why == null) { // an automatic rollback keeps its reason as the last failure
      admin.succeeded();
    }
    admin.record(principal, action, before, next.version(), AuditEvent.Outcome.SUCCESS,
        (why == null ? "" : why + "; ") + (drained ? "swapped; the old version drained"
            : "swapped; drain timed out after " + drainTimeout.toMillis()
                + " ms, running calls told to terminate"));
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
  private LoadedVersion load(String principal, String action, RepositoryVersion wanted) {
    ModelRuntime runtime;
    try {
      runtime = requireNonNull(loader.apply(wanted), "the loader returned no runtime");
    } catch (RuntimeException e) {
      throw admin.fail(principal, action, model.version(), null, e);
    }
    try {
      CandidateCheck.check(model.name(), model.version(), runtime);
      LoadedVersion assembled = model.assemble(runtime);
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
