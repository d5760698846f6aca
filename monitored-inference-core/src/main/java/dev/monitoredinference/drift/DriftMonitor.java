package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import com.sun.management.OperatingSystemMXBean;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.health.HealthStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one model's drift. Calls pass through {@link #interceptor()}, which copies the values
 * the features need into a bounded lock-free queue and returns without waking anyone; one daemon thread per monitor updates the
 * sketches, rotates sub-windows and computes the {@link #report()} at each rotation. When the
 * queue is full a call's values are dropped and counted ({@link #dropped()}); a call never waits
 * for drift and never fails because of it.
 *
 * <pre>{@code
 * DriftReport report = model.drift().report();
 * Files.write(Path.of("ranker.drift-baseline"), model.drift().baselineBytes());  // ship it
 * }</pre>
 *
 * <p>Memory is bounded whatever the traffic: per numeric feature about 2.8 KB per sketch at k =
 * 200, and a version holds subWindows + 3 sketches of each feature (ring, current sub-window,
 * merged window, baseline), at most 3 versions, plus the queue. Thread-safe.
 */
public final class DriftMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);
  private static final DriftMonitor DISABLED = new DriftMonitor();

  private final String model;
  private final @Nullable DriftEngine engine;
  private final @Nullable DriftQueue queue;
  private final @Nullable Thread worker;
  private final @Nullable InferenceInterceptor interceptor;
  private final double healthLevel;
  private final LongAdder dropped = new LongAdder();
  private final DriftShedding shedding = new DriftShedding();
  private final LongAdder failures = new LongAdder();
  private volatile boolean closed;

  private DriftMonitor() {
    this.model = "disabled";
    this.healthLevel = 1;
    this.engine = null;
    this.queue = null;
    this.worker = null;
    this.interceptor = null;
  }

  DriftMonitor(String model, DriftConfig config, List<DriftListener> listeners) {
    this.model = model;
    this.engine = new DriftEngine(model, config, listeners);
    this.healthLevel = config.healthLevel;
    this.queue = new DriftQueue(config.queueCapacity, DriftQueue.pauseNanos(config));
    this.interceptor = new DriftInterceptor(this, engine.schema, config.sampleRate);
    this.worker = new Thread(this::work, "monitored-inference-drift-" + model);
    worker.setDaemon(true);
    queue.consumer(worker);
    worker.start();
  }

  /** A monitor that watches nothing: what a model without drift reports. */
  public static DriftMonitor disabled() {
    return DISABLED;
  }

  /**
   * The chain link that hands calls to the monitor; the builder places it right after validation.
   *
   * @throws IllegalStateException on {@link #disabled()}
   */
  public InferenceInterceptor interceptor() {
    if (interceptor == null) {
      throw new IllegalStateException("a disabled drift monitor has no interceptor");
    }
    return interceptor;
  }

  /** The latest report, computed at the last rotation; reading it costs nothing. */
  public DriftReport report() {
    return engine == null ? DriftReport.disabled(model) : engine.report();
  }

  /**
   * {@code DEGRADED}, naming the drifted features, while more than the configured share ({@link
   * DriftConfigBuilder#degradeHealthAbove}) of the serving version's features drifted in its latest
   * window; else {@code UP}. What the builder adds to the model's health.
   */
  public HealthStatus health() {
    DriftReport report = report();
    List<String> drifted = report.drifted();
    if (drifted.isEmpty() || report.driftedShare() <= healthLevel) {
      return HealthStatus.up();
    }
    return HealthStatus.degraded("drift in version " + report.modelVersion() + ": "
        + String.join(", ", drifted) + " (" + drifted.size() + " of " + report.features().size()
        + " features)");
  }

  /**
   * The configured features and their kinds, in configuration order; empty when {@link
   * #disabled()}.
   */
  public Map<String, FeatureKind> features() {
    Map<String, FeatureKind> features = new LinkedHashMap<>();
    if (engine != null) {
      engine.schema.features.forEach(f -> features.put(f.name(), f.kind()));
    }
    return features;
  }

  /**
   * The latest score of {@code feature} by {@code method} (what the score gauges read); NaN before
   * the first window, or when the method does not apply.
   */
  public double score(String feature, DriftMethod method) {
    return score(report(), feature, method);
  }

  /** The window samples of {@code feature} in the latest report; 0 before the first window. */
  public long samples(String feature) {
    return samples(report(), feature);
  }

  /**
   * The latest report of model version {@code version} (by name). The monitor keeps the 3
   * versions that served calls most recently (so during a canary each version has its own, and
   * the serving one is never the one evicted). A version without calls yet, or evicted, reports
   * {@code CAPTURING_BASELINE} with no samples.
   */
  public DriftReport report(String version) {
    requireNonNull(version, "version");
    DriftReport report = engine == null ? null : engine.report(version);
    return report != null ? report
        : engine == null ? DriftReport.disabled(model)
        : new DriftReport(DriftReport.Status.CAPTURING_BASELINE, model, version, List.of(), null,
            0, null);
  }

  /** {@link #score(String, DriftMethod)} of model version {@code version}: what the gauges read. */
  public double score(String version, String feature, DriftMethod method) {
    return score(report(version), feature, method);
  }

  /** {@link #samples(String)} of model version {@code version}. */
  public long samples(String version, String feature) {
    return samples(report(version), feature);
  }

  private static double score(DriftReport report, String feature, DriftMethod method) {
    requireNonNull(method, "method");
    return report.feature(feature).map(f -> f.score(method)).orElse(Double.NaN);
  }

  private static long samples(DriftReport report, String feature) {
    return report.feature(feature).map(FeatureDrift::windowSamples).orElse(0L);
  }

  /** Told, on the drift thread, when the monitor starts or stops keeping a model version. */
  public interface VersionWatcher {
    /** The monitor now keeps {@code version} (its first call, or already kept when watched). */
    void kept(String version);

    /** The monitor evicted {@code version} (it keeps the last few versions that served). */
    void dropped(String version);
  }

  /**
   * Tells {@code watcher} of the versions kept now, then of every change; how the drift gauges
   * follow hot swaps. Does nothing on {@link #disabled()}.
   */
  public void watchVersions(VersionWatcher watcher) {
    requireNonNull(watcher, "watcher");
    if (engine != null && !closed) {
      DriftEngine drift = engine;
      execute(() -> drift.watch(watcher));
    }
  }

  /** Calls whose values were dropped because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * Sampled calls not sketched because the machine was saturated: while every core is busy and
   * the drift thread falls behind (its queue overflows), it keeps to about 2 % of the machine's
   * CPU by shedding whole calls at random, before their values are copied (an unbiased sample
   * with fewer values). 0 on a machine with idle CPU, and in any run that drops no call.
   */
  public long shed() {
    return shedding.shed();
  }

  /** Drift event deliveries that threw, and sketch updates that failed. */
  public long listenerFailures() {
    return engine == null ? 0
        : engine.dispatcher.failures() + engine.watcherFailures.sum() + failures.sum();
  }

  /**
   * Asks the drift thread to close the time sub-windows that have ended, so an idle model's
   * windows still rotate (the thread also checks whenever its queue runs empty, at least every
   * 100 ms, or a twentieth of a time sub-window if shorter). Never blocks.
   */
  public void evaluate() {
    if (queue != null) {
      queue.task(Tick.INSTANCE);
    }
  }

  /**
   * The last merged window of the version that served last, serialized for a fleet view ({@link
   * DriftFleet}).
   *
   * @throws IllegalStateException if no window has closed yet, or the monitor is disabled or closed
   */
  public byte[] windowBytes() {
    return onWorker(engine -> {
      Profile window = engine.lastWindow();
      if (window == null) {
        throw new IllegalStateException("model '" + model + "' has not closed a drift window yet");
      }
      return ProfileCodec.writeWindow(engine.schema, window, engine.config.k);
    });
  }

  /**
   * The frozen baseline of the version that served last, serialized for {@link
   * Baseline#from(byte[])} and {@link DriftFleet}.
   *
   * @throws IllegalStateException if the baseline is still being captured, or the monitor is
   *     disabled or closed
   */
  public byte[] baselineBytes() {
    return onWorker(engine -> {
      FrozenBaseline baseline = engine.baseline();
      if (baseline == null) {
        throw new IllegalStateException("model '" + model + "' is still capturing its baseline");
      }
      return ProfileCodec.writeBaseline(engine.schema, baseline.profile, engine.config.k,
          baseline.provenance);
    });
  }

  /**
   * The serialized size of every sketch the monitor holds now, in bytes: the figure its memory
   * bound is stated in.
   *
   * @throws IllegalStateException if the monitor is disabled or closed
   */
  public long sketchBytes() {
    return onWorker(DriftEngine::serializedBytes);
  }

  /** Stops the drift thread; later calls through the interceptor are dropped. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (worker != null) {
      worker.interrupt();
    }
  }

  /** Waits until the drift thread has handled everything queued before this call. */
  void awaitIdle() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    execute(done::countDown);
    done.await();
  }

  /** Queues {@code task} for the drift thread, which checks the time first. */
  void execute(Runnable task) {
    requireNonNull(queue).task(task);
  }

  /** Caller's thread: whether a sampled call is sketched, or shed while the machine is saturated. */
  boolean admit() {
    return shedding.admit();
  }

  void offer(Sample sample) {
    if (closed || !requireNonNull(queue).offer(sample)) {
      dropped.increment();
    }
  }

  void failed(RuntimeException failure) {
    failures.increment();
    if (failures.sum() == 1) {
      log.warn("drift of model '{}' failed; calls are unaffected, further failures are counted",
          model, failure);
    }
  }

  DriftEngine engine() {
    return requireNonNull(engine);
  }

  private <T> T onWorker(Function<DriftEngine, T> task) {
    DriftEngine drift = engine;
    if (drift == null || closed) {
      throw new IllegalStateException("the drift monitor of '" + model + "' is "
          + (drift == null ? "disabled" : "closed"));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      requireNonNull(queue).task((Runnable) () -> {
        try {
          result.complete(task.apply(drift));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the drift thread", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  /**
   * The drift thread's CPU share and the machine's load, measured for {@link DriftShedding}; on a
   * JVM that cannot measure a thread's CPU time, never sheds.
   */
  private static final class CpuShare {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean measurable = threads.isCurrentThreadCpuTimeSupported();
    private final OperatingSystemMXBean machine =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private long lastWall = System.nanoTime();
    private long lastCpu = measurable ? threads.getCurrentThreadCpuTime() : 0;
    private long lastDropped;

    /**
     * Every {@link DriftShedding#CHECK_NANOS} of wall time: adjusts {@code shedding}; {@code
     * dropped} is the monitor's count of calls dropped for a full queue.
     */
    void check(DriftShedding shedding, long dropped) {
      long wall = System.nanoTime();
      if (!measurable || wall - lastWall < DriftShedding.CHECK_NANOS) {
        return;
      }
      long cpu = threads.getCurrentThreadCpuTime();
      shedding.adjust((double) (cpu - lastCpu) / (wall - lastWall) / cores, machine.getCpuLoad(),
          dropped > lastDropped);
      lastWall = wall;
      lastCpu = cpu;
      lastDropped = dropped;
    }
  }

  private void work() {
    DriftEngine drift = requireNonNull(engine);
    DriftQueue items = requireNonNull(queue);
    CpuShare cpu = new CpuShare();
    while (!closed) {
      try {
        Object item = items.poll();
        long now = drift.config.ticker.getAsLong();
        cpu.check(shedding, dropped.sum());
        if (item instanceof Sample) {
          drift.add((Sample) item, now);
        } else if (item instanceof Runnable) {
          drift.tick(now);
          ((Runnable) item).run();
        } else {
          drift.tick(now);
        }
      } catch (RuntimeException failure) {
        failed(failure);
      }
    }
  }

  /** Asks the drift thread to check the time. */
  private enum Tick {
    INSTANCE
  }
}
