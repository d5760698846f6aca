package dev.monitoredinference.versioning;

import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelIntegrityException;
import dev.monitoredinference.ModelLoadException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.RoutingKey;
import dev.monitoredinference.authentication.AdminAuthenticator;
import dev.monitoredinference.authentication.AdminCredential;
import dev.monitoredinference.authentication.HmacBearerTokens;
import java.util.List;
import java.util.Optional;

/**
 * Admin operations on a live {@link MonitoredModel} built from a {@link ModelRepository}: stage a
 * version ({@link #deploy}), try it on a share of the calls ({@link #canary}) or on a copy of them
 * ({@link #shadow}) and end that trial ({@link #endTrial}), serve it ({@link #promote}), go back to
 * the version served before ({@link #rollback}), unload a staged one ({@link #retire}). Obtained
 * from {@link MonitoredModel#deployer()}.
 *
 * <pre>{@code
 * HmacBearerTokens tokens = HmacBearerTokens.create(secret);
 * MonitoredModel ranker = MonitoredModel.builder("ranker")
 *     .repository(ModelRepository.directory(Path.of("/srv/models")), VersionPin.label("stable"))
 *     .admin(tokens, AdminAuthorizer.principals(Set.of("deploy-bot")), AuditLog.toFile(auditFile, Clock.systemUTC()))
 *     .build();
 * ranker.deployer().promote(AdminCredential.bearer(bearerToken), "8"); // load, check, warm up, swap
 * ranker.deployer().rollback(AdminCredential.bearer(anotherToken));   // back to 7
 * }</pre>
 *
 * <p>A new version is loaded (its {@code model.sha256} checked), its inputs compared with the
 * serving version's, and warmed up with one run before it is published atomically; calls in
 * flight finish on the version they started on. The replaced version refuses new calls, gets up
 * to the drain timeout for its running calls, then tells the stragglers to terminate (they fail
 * with {@link ModelClosedException}); its session is closed exactly once, after its last call. If
 * anything fails, the serving version is untouched. Every operation first turns its credential
 * into a verified principal ({@link AdminAuthenticator}, e.g. {@link HmacBearerTokens}: a token
 * authenticates one operation), then passes the authorisation hook, and is written to the audit
 * log under that principal, refused and failed ones included (a credential that proves nothing
 * as {@code unauthenticated}). Operations are applied one at a time. Thread-safe.
 */
public interface ModelDeployer {
  /**
   * Loads, checks and warms up {@code version} without serving it, so that a later {@link
   * #promote} is a swap only. Staging a version already staged does nothing.
   *
   * @throws AccessDeniedException if the credential proves no principal or the hook refuses
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one (e.g. {@link VersionUnavailableException}, {@link ModelIntegrityException})
   */
  ModelVersion deploy(AdminCredential credential, String version);

  /** {@link #promote(String, VersionPin)} with {@code VersionPin.exact(version)}. */
  ModelVersion promote(AdminCredential credential, String version);

  /**
   * Serves the version {@code pin} selects (staged, under trial, or loaded now) and retires the
   * current one. A running canary or shadow ends: its candidate is served if it is the version
   * selected (without loading it again), else unloaded.
   *
   * @return the version now serving
   * @throws AccessDeniedException if the credential proves no principal or the hook refuses
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one; the current one keeps serving
   */
  ModelVersion promote(AdminCredential credential, VersionPin pin);

  /**
   * Serves again the version that served before the last {@link #promote}; each call goes one
   * promotion further back. A running canary or shadow ends first, unless its candidate is that
   * version, which then serves without being loaded again.
   *
   * @return the version now serving
   * @throws AccessDeniedException if the credential proves no principal or the hook refuses
   * @throws IllegalStateException if no version served before
   * @throws ModelLoadException if it cannot be loaded again; the current one keeps serving
   */
  ModelVersion rollback(AdminCredential credential);

  /**
   * Ends the running canary or shadow and unloads its candidate; the serving version then answers
   * every call. Audited as {@code end_trial}, as is the rollback guard's verdict.
   *
   * @return the version serving
   * @throws AccessDeniedException if the credential proves no principal or the hook refuses
   * @throws IllegalStateException if no canary or shadow is running
   */
  ModelVersion endTrial(AdminCredential credential);

  /**
   * Unloads the staged {@code version}.
   *
   * @throws AccessDeniedException if the credential proves no principal or the hook refuses
   * @throws IllegalStateException if {@code version} is serving or not staged
   */
  void retire(AdminCredential credential, String version);

  /** The repository versions come from. */
  ModelRepository repository();

  /** The repository version serving now. */
  RepositoryVersion serving();

  /**
   * Sends {@code share} of the calls to {@code version} (staged, or loaded, checked and warmed up
   * now) while the serving version answers the rest; {@link #promote} of that version ends the
   * canary by serving it to every call, {@link #endTrial} by unloading it. Calls made with the
   * same {@link RoutingKey} go to the same version while the share is unchanged; calls without one
   * are spread evenly at the share. Calling it again for the running canary's version changes the
   * share. With {@link MonitoredModelBuilder#comparison} sampled canary calls are also run on the
   * serving version off the caller's path and compared, and a {@link
   * MonitoredModelBuilder#rollbackGuard} ends a canary that fails its bounds.
   *
   * <pre>{@code
   * model.deployer().canary(AdminCredential.bearer(token), "8", 0.05);
   * Prediction p = model.predict(inputs, RoutingKey.of(userId)); // p.version() says which answered
   * }</pre>
   *
   * @return the candidate version
   * @throws IllegalArgumentException unless {@code 0 < share < 1}
   * @throws AccessDeniedException if the credential proves no principal or the hook refuses
   * @throws IllegalStateException if {@code version} is serving, or a trial of another version (or
   *     a shadow) is running
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one; nothing changes
   */
  ModelVersion canary(AdminCredential credential, String version, double share);

  /**
   * Runs {@code version} (staged, or loaded now) on a sampled copy of the calls off the callers'
   * path, discards its answers and records how it differs from the serving version ({@link
   * MonitoredModelBuilder#comparison}); callers always get the serving version's answer. {@link
   * #promote} of that version serves it, {@link #endTrial} unloads it.
   *
   * @return the candidate version
   * @throws AccessDeniedException if the credential proves no principal or the hook refuses
   * @throws IllegalStateException if {@code version} is serving or a trial is running
   * @throws ModelLoadException if the version cannot be found, loaded, or served in place of the
   *     current one; nothing changes
   */
  ModelVersion shadow(AdminCredential credential, String version);

  /** The version under a canary or shadow trial, if one is running. */
  Optional<String> candidate();

  /** The share of calls the running canary takes; 0 for a shadow or without a trial. */
  double canaryShare();

  /** Versions served before the current one, most recent first (the rollback path). */
  List<String> history();

  /** Versions loaded by {@link #deploy} and not yet promoted or retired. */
  List<String> staged();

  /** Why the last failed operation failed, until an operation succeeds; feeds {@code health()}. */
  Optional<String> lastFailure();
}
