package dev.monitoredinference.versioning;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.authentication.AdminCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a model's repository and promotes the version a pin selects when it changes, e.g. a new
 * directory {@code 8/} under {@code VersionPin.latest()}. Only complete versions are picked up: a
 * version needs its {@code model.sha256}, and bytes that do not match it (a copy still in
 * progress) fail the load, leave the serving version untouched, and are not retried until the
 * model file or its digest changes. Each promotion goes through the deployer with a credential
 * from {@code credentials} (asked once per promotion, so one-time tokens work), so it is
 * authenticated, authorised and audited like any admin call.
 *
 * <pre>{@code
 * try (RepositoryWatcher watcher = RepositoryWatcher.start(ranker.deployer(), VersionPin.latest(),
 *     () -> AdminCredential.bearer(tokens.issue("repository-watcher", Duration.ofMinutes(1))),
 *     Duration.ofSeconds(10))) { … }
 * }</pre>
 *
 * <p>One daemon thread per watcher; {@link #close()} stops it.
 */
public final class RepositoryWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RepositoryWatcher.class);

  private final ModelDeployer deployer;
  private final ModelRepository repository;
  private final String model;
  private final VersionPin pin;
  private final Supplier<AdminCredential> credentials;
  private final @Nullable ScheduledExecutorService timer;
  private @Nullable String lastFailed;

  private RepositoryWatcher(ModelDeployer deployer, ModelRepository repository, String model,
      VersionPin pin, Supplier<AdminCredential> credentials, @Nullable Duration interval) {
    this.deployer = deployer;
    this.repository = repository;
    this.model = model;
    this.pin = pin;
    this.credentials = credentials;
    if (interval == null) {
      this.timer = null;
    } else {
      this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "monitored-inference-watch-" + model);
        thread.setDaemon(true);
        return thread;
      });
      timer.scheduleWithFixedDelay(this::pollQuietly, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Polls {@code deployer}'s repository every {@code interval}.
   *
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public static RepositoryWatcher start(ModelDeployer deployer, VersionPin pin,
      Supplier<AdminCredential> credentials, Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0, but was " + interval);
    }
    return create(deployer, pin, credentials, interval);
  }

  /** A watcher that polls only when {@link #poll()} is called (for tests and custom schedulers). */
  public static RepositoryWatcher manual(ModelDeployer deployer, VersionPin pin,
      Supplier<AdminCredential> credentials) {
    return create(deployer, pin, credentials, null);
  }

  private static RepositoryWatcher create(ModelDeployer deployer, VersionPin pin,
      Supplier<AdminCredential> credentials, @Nullable Duration interval) {
    requireNonNull(deployer, "deployer");
    RepositoryVersion serving = deployer.serving();
    return new RepositoryWatcher(deployer, deployer.repository(), serving.model(),
        requireNonNull(pin, "pin"), requireNonNull(credentials, "credentials"), interval);
  }

  /**
   * Looks once: promotes the version the pin selects if it is complete, differs from the one
   * serving and did not fail before with the same digest.
   *
   * @return the version promoted, if any
   * @throws RuntimeException what the promotion threw (it is also audited)
   */
  public synchronized Optional<String> poll() {
    Optional<RepositoryVersion> found = pin.select(repository.versions(model));
    if (found.isEmpty() || found.get().digest().isEmpty()) {
      return Optional.empty(); // nothing there, or no model.sha256 yet: not complete
    }
    RepositoryVersion candidate = found.get();
    RepositoryVersion serving = deployer.serving();
    String identity = candidate.version() + "@" + candidate.digest().get();
    if (identity.equals(serving.version() + "@" + serving.digest().orElse(""))
        || fileIdentity(candidate).equals(lastFailed)) {
      return Optional.empty();
    }
    try {
      deployer.promote(credentials.get(), VersionPin.exact(candidate.version()));
      lastFailed = null;
      return Optional.of(candidate.version());
    } catch (RuntimeException e) {
      lastFailed = fileIdentity(candidate);
      throw e;
    }
  }

  /** Version, digest, and the model file's size and time: what must change for a retry. */
  private static String fileIdentity(RepositoryVersion version) {
    try {
      return version.version() + "@" + version.digest().orElse("") + "@"
          + Files.size(version.file()) + "@" + Files.getLastModifiedTime(version.file());
    } catch (IOException e) {
      return version.version() + "@unreadable";
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.warn("watching the repository of model '{}': {}", model, e.getMessage());
    }
  }

  /** Stops polling. Idempotent. */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
