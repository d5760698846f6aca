package dev.monitoredinference.kafka;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.anomaly.AlertListener;
import dev.monitoredinference.drift.DriftListener;
import dev.monitoredinference.drift.DriftMonitor;
import dev.monitoredinference.drift.DriftReport;
import dev.monitoredinference.embedding.TextEmbedder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships each model's drift sketches and events to Kafka, for a fleet view ({@link
 * FleetDriftAggregator}) and for the engine the events feed. Every period it looks at each watched
 * model: a drift window that closed since the last look is sent with its baseline (the serialized,
 * mergeable sketches of {@link DriftMonitor#windowBytes()} and {@link
 * DriftMonitor#baselineBytes()}, a few KB each) to the drift topic; a change of the serving
 * version is sent as a lifecycle event. Drift and anomaly events go to the events topic as the
 * JSON lines the library logs, through {@link #driftListener()} and {@link #alertListener()}.
 *
 * <pre>{@code
 * DriftShipper shipper = DriftShipper.builder(producer).replica(podName).build();
 * MonitoredModel ranker = MonitoredModel.builder("ranker")
 *     .drift(config).driftListener(shipper.driftListener()).alertListener(shipper.alertListener())
 *     ...
 *     .build();
 * shipper.watch(ranker);
 * }</pre>
 *
 * <p>Drift records are keyed by model name and carry headers {@value #KIND} ({@code window} or
 * {@code baseline}), {@value #MODEL}, {@value #VERSION}, {@value #REPLICA}. Sends never block a
 * model's calls: they happen on the shipper's own thread (events: on the drift or anomaly thread,
 * handed to the producer's buffer). Thread-safe.
 */
public final class DriftShipper implements AutoCloseable {
  /** Header: {@code window} or {@code baseline}. */
  public static final String KIND = "mi.kind";
  /** Header: the model's name. */
  public static final String MODEL = "mi.model";
  /** Header: the model version whose calls the sketch holds. */
  public static final String VERSION = "mi.version";
  /** Header: the replica that sent it. */
  public static final String REPLICA = "mi.replica";

  private static final Logger log = LoggerFactory.getLogger(DriftShipper.class);

  private final CountingSender sender;
  private final String driftTopic;
  private final String eventTopic;
  private final String replica;
  private final List<Watched> watched = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer;

  /** One model's drift monitor and what was last shipped of it. */
  private static final class Watched {
    final String name;
    final DriftMonitor monitor;
    final Supplier<ModelVersion> version;
    int lastWindow;
    @Nullable String lastVersion;

    Watched(String name, DriftMonitor monitor, Supplier<ModelVersion> version) {
      this.name = name;
      this.monitor = monitor;
      this.version = version;
    }
  }

  private DriftShipper(Builder builder) {
    this.sender = new CountingSender(builder.producer);
    this.driftTopic = builder.driftTopic;
    this.eventTopic = builder.eventTopic;
    this.replica = builder.replica;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "monitored-inference-drift-shipper");
      thread.setDaemon(true);
      return thread;
    });
    long period = builder.period.toMillis();
    timer.scheduleWithFixedDelay(this::shipQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /** A builder shipping through {@code producer}, which the application owns and closes. */
  public static Builder builder(Producer<String, byte[]> producer) {
    return new Builder(requireNonNull(producer, "producer"));
  }

  /** Ships {@code model}'s drift sketches and serving-version changes from now on. */
  public DriftShipper watch(MonitoredModel model) {
    requireNonNull(model, "model");
    watched.add(new Watched(model.name(), model.drift(), model::version));
    return this;
  }

  /** Ships {@code embedder}'s drift sketches and encoder-version changes from now on. */
  public DriftShipper watch(TextEmbedder embedder) {
    requireNonNull(embedder, "embedder");
    watched.add(new Watched(embedder.name(), embedder.drift(), embedder::version));
    return this;
  }

  /**
   * Looks at every watched model now, on the caller's thread, and sends what is new: what the
   * timer does each period. Returns the number of records handed to the producer.
   */
  public synchronized int shipNow() {
    int records = 0;
    for (Watched model : watched) {
      String version = model.version.get().version();
      if (!version.equals(model.lastVersion)) {
        send(eventTopic, model.name, null, lifecycle(model.name, version, model.lastVersion));
        model.lastVersion = version;
        records++;
      }
      DriftReport report = model.monitor.report();
      if (report.status() != DriftReport.Status.SCORED || report.features().isEmpty()) {
        continue;
      }
      byte[] window = model.monitor.windowBytes();
      int windowHash = Arrays.hashCode(window);
      if (windowHash == model.lastWindow) {
        continue; // no window closed since the last look
      }
      // The baseline goes with every window, so an aggregator that starts late needs nothing else.
      send(driftTopic, model.name, headers("baseline", model.name, report.modelVersion()),
          model.monitor.baselineBytes());
      send(driftTopic, model.name, headers("window", model.name, report.modelVersion()), window);
      model.lastWindow = windowHash;
      records += 2;
    }
    return records;
  }

  private void shipQuietly() {
    try {
      shipNow();
    } catch (RuntimeException e) {
      sender.failed.increment();
      log.warn("shipping drift sketches failed; the next period tries again", e);
    }
  }

  /** Sends each drift event (FIRING, RESOLVED) to the events topic as its JSON line. */
  public DriftListener driftListener() {
    return event -> send(eventTopic, event.model(), null, event.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Sends each anomaly alert to the events topic as its JSON line. */
  public AlertListener alertListener() {
    return alert -> send(eventTopic, alert.model(), null, alert.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Records Kafka acknowledged. */
  public long sent() {
    return sender.sent.sum();
  }

  /** Records Kafka refused or did not acknowledge in time, and looks that failed. */
  public long failed() {
    return sender.failed.sum();
  }

  private byte[] lifecycle(String model, String version, @Nullable String previous) {
    StringBuilder json = new StringBuilder("{\"event\":\"monitored.inference.version\",\"model\":");
    PredictionRecord.string(json, model);
    json.append(",\"model.version\":");
    PredictionRecord.string(json, version);
    json.append(",\"previous\":");
    if (previous == null) {
      json.append("null");
    } else {
      PredictionRecord.string(json, previous);
    }
    json.append(",\"replica\":");
    PredictionRecord.string(json, replica);
    json.append(",\"timestamp_ms\":").append(System.currentTimeMillis()).append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private RecordHeaders headers(String kind, String model, String version) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(KIND, kind.getBytes(StandardCharsets.UTF_8));
    headers.add(MODEL, model.getBytes(StandardCharsets.UTF_8));
    headers.add(VERSION, version.getBytes(StandardCharsets.UTF_8));
    headers.add(REPLICA, replica.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private void send(String topic, String key, @Nullable RecordHeaders headers, byte[] value) {
    sender.send(new ProducerRecord<>(topic, null, key, value, headers));
  }

  /** Stops the timer. Does not close the producer. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** Builds a {@link DriftShipper}. Not thread-safe. */
  public static final class Builder {
    private final Producer<String, byte[]> producer;
    private String driftTopic = "monitored-inference.drift";
    private String eventTopic = "monitored-inference.events";
    private String replica = PredictionLog.defaultReplica();
    private Duration period = Duration.ofMinutes(1);

    private Builder(Producer<String, byte[]> producer) {
      this.producer = producer;
    }

    /** The topic for sketches; {@code monitored-inference.drift} unless set. */
    public Builder driftTopic(String topic) {
      this.driftTopic = requireNonNull(topic, "topic");
      return this;
    }

    /** The topic for drift, anomaly and lifecycle events; {@code monitored-inference.events} unless set. */
    public Builder eventTopic(String topic) {
      this.eventTopic = requireNonNull(topic, "topic");
      return this;
    }

    /** This process's name in the records; the {@code HOSTNAME} variable unless set. */
    public Builder replica(String replica) {
      this.replica = requireNonNull(replica, "replica");
      return this;
    }

    /**
     * How often models are looked at; 1 minute unless set (a drift sub-window is a minute by
     * default).
     *
     * @throws IllegalArgumentException if {@code period} is under 10 ms
     */
    public Builder period(Duration period) {
      if (requireNonNull(period, "period").toMillis() < 10) {
        throw new IllegalArgumentException("period must be >= 10 ms, but was " + period);
      }
      this.period = period;
      return this;
    }

    /** Starts the timer. */
    public DriftShipper build() {
      return new DriftShipper(this);
    }
  }
}
