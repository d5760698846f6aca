package dev.monitoredinference.drift;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.internal.EventDispatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The single-threaded heart of a {@link DriftMonitor}: adds samples to the version's baseline or
 * current sub-window, rotates sub-windows (by rows or by time), and at each rotation merges the
 * ring, scores it and alerts. Not thread-safe: only the drift thread (or a test) calls it.
 */
final class DriftEngine {
  /** Versions kept at once (e.g. current, canary, previous); the oldest is evicted. */
  static final int MAX_VERSIONS = 3;

  private final String model;
  final DriftSchema schema;
  final DriftConfig config;
  private final FeatureJudge judge;
  private final FalseAlarmBudget budget;
  final EventDispatcher<DriftEvent, DriftListener> dispatcher;
  /** By digest, least recently served first: eviction drops a version no longer serving. */
  private final Map<String, VersionDrift> versions = new LinkedHashMap<>(8, 0.75f, true);
  private @Nullable FrozenBaseline pinned;
  private final long subWindowNanos;
  private final long subWindowRows;
  private final long tickAnchor;
  private final Instant wallAnchor;
  private volatile DriftReport report;
  /** The latest report of each version kept, by version name: what the gauges read. */
  private final Map<String, DriftReport> reports = new ConcurrentHashMap<>();
  private final List<DriftMonitor.VersionWatcher> watchers = new ArrayList<>();
  /** Watchers that threw; counted in the monitor's failures. */
  final LongAdder watcherFailures = new LongAdder();

  DriftEngine(String model, DriftConfig config, List<DriftListener> listeners) {
    this.model = model;
    this.config = config;
    this.schema = new DriftSchema(config.specs);
    this.judge = new FeatureJudge(config.bins, config.projectionShare);
    this.budget = FalseAlarmBudget.of(config);
    this.dispatcher = new EventDispatcher<>(listeners, DriftListener::onDrift, DriftEvent::toJson,
        event -> event.state() == DriftEvent.State.FIRING);
    this.subWindowNanos = config.subWindowNanos();
    this.subWindowRows = Math.max(1, config.windowSamples / config.subWindows);
    this.tickAnchor = config.ticker.getAsLong();
    this.wallAnchor = config.clock.instant();
    byte[] loaded = config.baseline.bytes();
    if (loaded != null) {
      ProfileCodec.Decoded decoded = ProfileCodec.readBaseline(loaded);
      BaselineProvenance provenance = requireNonNull(decoded.provenance(), "a baseline's provenance");
      this.pinned = new FrozenBaseline(schema, decoded.alignedTo(schema),
          provenance.as(BaselineProvenance.Source.LOADED, true), config.bins,
          config.maxCategories);
    }
    this.report = new DriftReport(DriftReport.Status.CAPTURING_BASELINE, model, "", List.of(),
        null, 0, null);
  }

  DriftReport report() {
    return report;
  }

  /** The latest report of version {@code version}; null if none is kept. */
  @Nullable DriftReport report(String version) {
    return reports.get(version);
  }

  /** Tells {@code watcher} of the versions kept now and, from then on, of each change. */
  void watch(DriftMonitor.VersionWatcher watcher) {
    watchers.add(watcher);
    for (VersionDrift state : versions.values()) {
      String name = state.version.version();
      tell(List.of(watcher), w -> w.kept(name));
    }
  }

  private void tell(Consumer<DriftMonitor.VersionWatcher> event) {
    tell(watchers, event);
  }

  private void tell(List<DriftMonitor.VersionWatcher> to,
      Consumer<DriftMonitor.VersionWatcher> event) {
    for (DriftMonitor.VersionWatcher watcher : to) {
      try {
        event.accept(watcher);
      } catch (RuntimeException failure) {
        watcherFailures.increment();
      }
    }
  }

  private void publish(VersionDrift state, DriftReport latest) {
    report = latest;
    reports.put(state.version.version(), latest);
  }

  void add(Sample sample, long now) {
    VersionDrift state = stateOf(sample.version(), now);
    rotateDue(state, now);
    int rows = sample.rows();
    int from = 0;
    if (state.baseline == null) {
      Profile capturing = requireNonNull(state.capturing, "capturing"); // no baseline yet: capturing
      int take = (int) Math.min(rows, config.baseline.captureSamples() - capturing.rows);
      capturing.add(schema, sample, 0, take);
      from = take;
      if (capturing.rows >= config.baseline.captureSamples()) {
        freeze(state, now);
      } else {
        publish(state, new DriftReport(DriftReport.Status.CAPTURING_BASELINE, model,
            state.version.version(), List.of(), null, capturing.rows, null));
      }
    }
    while (from < rows) {
      int take = config.window != null ? rows - from
          : (int) Math.min(rows - from, subWindowRows - state.current.rows);
      state.current.add(schema, sample, from, from + take);
      from += take;
      if (config.window == null && state.current.rows >= subWindowRows) {
        rotate(state, now);
      }
    }
  }

  /** Closes every time sub-window that has ended by {@code now}, in every version. */
  void tick(long now) {
    for (VersionDrift state : versions.values()) {
      rotateDue(state, now);
    }
  }

  long serializedBytes() {
    long bytes = 0;
    for (VersionDrift state : versions.values()) {
      bytes += state.serializedBytes();
    }
    return bytes;
  }

  /** The last merged window of the version that served last; null before one closed. */
  @Nullable Profile lastWindow() {
    VersionDrift newest = newest();
    return newest == null ? null : newest.lastWindow;
  }

  /** The frozen baseline of the version that served last; null while capturing. */
  @Nullable FrozenBaseline baseline() {
    VersionDrift newest = newest();
    return newest == null ? pinned : newest.baseline;
  }

  private @Nullable VersionDrift newest() {
    VersionDrift newest = null;
    for (VersionDrift state : versions.values()) {
      newest = state;
    }
    return newest;
  }

  private VersionDrift stateOf(ModelVersion version, long now) {
    VersionDrift state = versions.get(version.digest());
    if (state != null) {
      return state;
    }
    state = new VersionDrift(version, emptyProfile(), schema.features.size(),
        now + subWindowNanos);
    if (pinned != null) {
      state.baseline = pinned;
    } else {
      state.capturing = emptyProfile();
    }
    VersionDrift evicted = null;
    if (versions.size() >= MAX_VERSIONS) {
      evicted = versions.remove(versions.keySet().iterator().next());
    }
    versions.put(version.digest(), state);
    // Reports and gauges go by version name; two kept digests of one name share them.
    if (evicted != null) {
      String name = evicted.version.version();
      if (versions.values().stream().noneMatch(kept -> kept.version.version().equals(name))) {
        reports.remove(name);
        tell(watcher -> watcher.dropped(name));
      }
    }
    tell(watcher -> watcher.kept(version.version()));
    return state;
  }

  private void freeze(VersionDrift state, long now) {
    Profile captured = requireNonNull(state.capturing, "capturing");
    BaselineProvenance provenance = new BaselineProvenance(BaselineProvenance.Source.CAPTURED,
        state.version.digest(), state.version.version(), captured.rows, instant(now),
        config.baseline.isPinned());
    state.baseline = new FrozenBaseline(schema, captured, provenance, config.bins,
        config.maxCategories);
    state.capturing = null;
    if (config.baseline.isPinned() && pinned == null) {
      pinned = state.baseline;
    }
    publish(state, new DriftReport(DriftReport.Status.SCORED, model, state.version.version(),
        List.of(), provenance, 0, null));
  }

  private void rotateDue(VersionDrift state, long now) {
    if (config.window == null) {
      return;
    }
    int closed = 0;
    while (now - state.subWindowEnd >= 0) {
      long end = state.subWindowEnd;
      state.subWindowEnd = end + subWindowNanos;
      if (closed++ <= config.subWindows) { // after that many, the ring is all empty anyway
        rotate(state, end);
      }
    }
  }

  private void rotate(VersionDrift state, long end) {
    state.ring.addLast(state.current);
    if (state.ring.size() > config.subWindows) {
      state.ring.removeFirst();
    }
    state.current = emptyProfile();
    FrozenBaseline baseline = state.baseline;
    if (baseline == null) {
      state.ring.clear(); // windows start after capture
      return;
    }
    Profile window = emptyProfile();
    for (Profile sub : state.ring) {
      window.merge(sub);
    }
    state.lastWindow = window;
    List<FeatureDrift> features = score(baseline, window, budget.level(state.look(
        FalseAlarmBudget.day(end, tickAnchor))));
    Instant windowEnd = instant(end);
    publish(state, new DriftReport(DriftReport.Status.SCORED, model, state.version.version(),
        features, baseline.provenance, window.rows, windowEnd));
    alert(state, features, window.rows, windowEnd);
  }

  List<FeatureDrift> score(FrozenBaseline baseline, Profile window, double level) {
    return score(schema, judge, baseline, window, level);
  }

  /** Every feature of {@code window} judged at {@code level}. */
  static List<FeatureDrift> score(DriftSchema schema, FeatureJudge judge,
      FrozenBaseline baseline, Profile window, double level) {
    List<FeatureDrift> features = new ArrayList<>(schema.features.size());
    for (int i = 0; i < schema.features.size(); i++) {
      features.add(judge.judge(schema.features.get(i), i, baseline, window, level));
    }
    return features;
  }

  private void alert(VersionDrift state, List<FeatureDrift> features, long rows, Instant end) {
    for (int i = 0; i < features.size(); i++) {
      FeatureDrift feature = features.get(i);
      double score = feature.score(feature.decidedBy());
      DriftEvent.State change = null;
      if (!state.firing[i] && feature.drifted()) {
        change = DriftEvent.State.FIRING;
      } else if (state.firing[i] && !(score >= 0.75 * feature.threshold())) {
        change = DriftEvent.State.RESOLVED;
      }
      if (change != null) {
        state.firing[i] = change == DriftEvent.State.FIRING;
        dispatcher.dispatch(DriftEvent.of(model, state.version.version(), feature.name(), change,
            feature.decidedBy(), score, feature.threshold(), rows, end));
      }
    }
  }

  Profile emptyProfile() {
    return Profile.empty(schema.features, config.k, config.projections, config.seed);
  }

  private Instant instant(long tick) {
    return wallAnchor.plusNanos(tick - tickAnchor);
  }
}
