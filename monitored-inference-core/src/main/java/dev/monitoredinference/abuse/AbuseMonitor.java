package dev.monitoredinference.abuse;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.CallerId;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.internal.EventDispatcher;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A model's abuse detector ({@link AbuseConfig}): which callers are flagged, how many are
 * tracked, what was detected. Its thread judges the queries; each detection is logged as one
 * JSON line ({@link AbuseEvent#toJson()}, WARN, on the {@code dev.monitoredinference.alerts}
 * logger) and handed to the listeners. Health-neutral: it has no say in {@code health()}.
 * Thread-safe.
 */
public final class AbuseMonitor implements AutoCloseable {
  private static final AbuseMonitor DISABLED = new AbuseMonitor(null, null, null, null);

  private final @Nullable AbuseEngine engine;
  private final @Nullable QueryQueue queue;
  private final @Nullable AbuseConfig config;
  private final @Nullable EventDispatcher<AbuseEvent, AbuseListener> dispatcher;

  private AbuseMonitor(@Nullable AbuseEngine engine, @Nullable QueryQueue queue, @Nullable AbuseConfig config,
      @Nullable EventDispatcher<AbuseEvent, AbuseListener> dispatcher) {
    this.engine = engine;
    this.queue = queue;
    this.config = config;
    this.dispatcher = dispatcher;
  }

  static AbuseMonitor start(String modelName, AbuseConfig config, List<AbuseListener> listeners) {
    EventDispatcher<AbuseEvent, AbuseListener> dispatcher = dispatcher(listeners);
    QueryQueue[] queue = new QueryQueue[1]; // the engine hands events to the queue made after it
    AbuseEngine engine = new AbuseEngine(modelName, config, dispatcher::dispatch, event -> queue[0].event(event));
    queue[0] = new QueryQueue(modelName, config.queueCapacity, engine, dispatcher::dispatch);
    return new AbuseMonitor(engine, queue[0], config, dispatcher);
  }

  /** Judges every query on the calling thread, for deterministic simulations. */
  static AbuseMonitor synchronous(String modelName, AbuseConfig config, List<AbuseListener> listeners) {
    EventDispatcher<AbuseEvent, AbuseListener> dispatcher = dispatcher(listeners);
    AbuseEngine engine = new AbuseEngine(modelName, config, dispatcher::dispatch, dispatcher::dispatch);
    return new AbuseMonitor(engine, null, config, dispatcher);
  }

  private static EventDispatcher<AbuseEvent, AbuseListener> dispatcher(List<AbuseListener> listeners) {
    return new EventDispatcher<>(listeners, AbuseListener::onAbuse, AbuseEvent::toJson, event -> true);
  }

  /** A monitor that tracks nobody and flags nobody: the one of a model built without abuse(...). */
  public static AbuseMonitor disabled() {
    return DISABLED;
  }

  /** Whether this monitor tracks callers (false for {@link #disabled()}). */
  public boolean isEnabled() {
    return engine != null;
  }

  /**
   * The link for calls whose queries are tensors: the first float tensor's first row (at most 64
   * values) is copied and judged on the detector's thread; other tensor types count for rate and
   * rejections only. For {@code MonitoredModelBuilder}.
   *
   * @throws IllegalStateException on {@link #disabled()}
   */
  public InferenceInterceptor interceptor(String modelName) {
    return new AbuseInterceptor(requireNonNull(modelName, "modelName"), running(), config(),
        this::enqueue, AbuseInterceptor::firstFloatRow);
  }

  /**
   * The link for calls whose queries are texts, read from the inputs by {@code texts} (each text
   * one query; strings are immutable, so the list is handed over uncopied). For {@code
   * TextEmbedderBuilder}.
   *
   * @throws IllegalStateException on {@link #disabled()}
   */
  public InferenceInterceptor textInterceptor(String modelName, Function<Inputs, List<String>> texts) {
    requireNonNull(texts, "texts");
    return new AbuseInterceptor(requireNonNull(modelName, "modelName"), running(), config(),
        this::enqueue, inputs -> {
          List<String> list = texts.apply(inputs);
          return list.isEmpty() ? null : list;
        });
  }

  private void enqueue(CallerState state, Object query, long nanos) {
    if (queue != null) {
      queue.offer(state, query, nanos);
    } else {
      running().observe(state, query, nanos);
    }
  }

  /** Whether {@code caller} is flagged as {@code kind} now. */
  public boolean isFlagged(CallerId caller, AbuseKind kind) {
    return flags(caller).contains(kind);
  }

  /** The kinds {@code caller} is flagged as now; empty if none, or not tracked. */
  public Set<AbuseKind> flags(CallerId caller) {
    requireNonNull(caller, "caller");
    Set<AbuseKind> flags = EnumSet.noneOf(AbuseKind.class);
    CallerState state = engine == null ? null : engine.find(caller);
    if (state != null) {
      long now = config().ticker.getAsLong();
      for (AbuseKind kind : AbuseKind.values()) {
        if (state.isFlagged(kind, now)) {
          flags.add(kind);
        }
      }
    }
    return flags;
  }

  /** Callers tracked now (bounded by {@link AbuseConfig#maxCallers}). */
  public long trackedCallers() {
    return engine == null ? 0 : engine.trackedCallers();
  }

  /** Callers flagged as {@code kind} since the start (a caller flagged again after its flag lapsed counts again). */
  public long detections(AbuseKind kind) {
    return engine == null ? 0 : engine.detections(requireNonNull(kind, "kind"));
  }

  /** Queries not judged because the detector's queue was full. */
  public long dropped() {
    return queue == null ? 0 : queue.dropped();
  }

  /** Listener calls (and log lines) that threw. */
  public long listenerFailures() {
    return dispatcher == null ? 0 : dispatcher.failures();
  }

  /** Stops the detector's thread; queries not yet judged are dropped. Idempotent. */
  @Override
  public void close() {
    if (queue != null) {
      queue.close();
    }
  }

  private AbuseEngine running() {
    if (engine == null) {
      throw new IllegalStateException("abuse detection is disabled");
    }
    return engine;
  }

  private AbuseConfig config() {
    if (config == null) {
      throw new IllegalStateException("abuse detection is disabled");
    }
    return config;
  }
}
