package dev.monitoredinference.kafka;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.drift.DriftFleet;
import dev.monitoredinference.drift.DriftReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet view of drift: a plain Kafka consumer of the {@link DriftShipper}s' topic that keeps
 * each replica's latest window per model version, merges the windows of the replicas that
 * reported within the staleness period, scores the merge against the latest shipped baseline
 * ({@link DriftFleet#score}) and names the outlier replicas ({@link DriftFleet#outliers}); each
 * result goes to the listener as a {@link FleetReport}. Sketches merge exactly, so the fleet score
 * is that of all the replicas' data together, never an average of replica scores.
 *
 * <pre>{@code
 * FleetDriftAggregator fleet = FleetDriftAggregator.builder(Map.of("bootstrap.servers", "kafka:9092"))
 *     .model("ranker", rankerDriftConfig)   // the same config the replicas use
 *     .listener(report -> log.info("{}", report))
 *     .build();
 * }</pre>
 *
 * <p>Offsets are committed after each batch is processed, so a restarted aggregator (same group
 * id, {@code monitored-inference-fleet} unless set) goes on where it stopped; the baseline travels
 * with every window, so it needs nothing from before. Windows of a model without a config are
 * counted and skipped. One thread; {@link #close()} stops it.
 */
public final class FleetDriftAggregator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetDriftAggregator.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, DriftConfig> configs;
  private final int minReplicas;
  private final long stalenessMillis;
  private final Consumer<FleetReport> listener;
  private final Map<String, VersionState> versions = new HashMap<>();
  private final LongAdder consumed = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder reports = new LongAdder();
  private final Thread poller;
  private volatile boolean closed;

  /** What the aggregator holds for one model version: a baseline and each replica's window. */
  private static final class VersionState {
    byte @Nullable [] baseline;
    final Map<String, byte[]> windows = new TreeMap<>();
    final Map<String, Long> sentAt = new HashMap<>();
  }

  private FleetDriftAggregator(Builder builder) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "monitored-inference-fleet");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putAll(builder.config);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // committed after processing
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.configs = Map.copyOf(builder.configs);
    this.minReplicas = builder.minReplicas;
    this.stalenessMillis = builder.staleness.toMillis();
    this.listener = requireNonNull(builder.listener, "listener");
    consumer.subscribe(List.of(builder.topic));
    this.poller = new Thread(this::poll, "monitored-inference-fleet-drift");
    poller.setDaemon(true);
    poller.start();
  }

  /** A builder for a consumer with {@code config} (at least {@code bootstrap.servers}). */
  public static Builder builder(Map<String, Object> config) {
    return new Builder(requireNonNull(config, "config"));
  }

  private void poll() {
    try {
      while (!closed) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        Set<String> touched = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
          consumed.increment();
          String key = take(record);
          if (key != null) {
            touched.add(key);
          }
        }
        touched.forEach(this::report);
        if (!batch.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // close() woke the poll
    } catch (RuntimeException e) {
      log.error("the fleet drift aggregator stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Stores a record; returns its model version's key, or null if skipped. */
  private @Nullable String take(ConsumerRecord<String, byte[]> record) {
    String kind = header(record, DriftShipper.KIND);
    String model = header(record, DriftShipper.MODEL);
    String version = header(record, DriftShipper.VERSION);
    String replica = header(record, DriftShipper.REPLICA);
    if (kind == null || model == null || version == null || replica == null
        || !configs.containsKey(model)) {
      skipped.increment();
      return null;
    }
    String key = model + '\u0000' + version;
    VersionState state = versions.computeIfAbsent(key, k -> new VersionState());
    if (kind.equals("baseline")) {
      state.baseline = record.value();
      return null;
    }
    state.windows.put(replica, record.value());
    state.sentAt.put(replica, record.timestamp());
    return key;
  }

  private void report(String key) {
    VersionState state = versions.get(key);
    String model = key.substring(0, key.indexOf('\u0000'));
    String version = key.substring(key.indexOf('\u0000') + 1);
    long newest = state.sentAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
    Map<String, byte[]> fresh = new TreeMap<>();
    state.windows.forEach((replica, window) -> {
      if (newest - state.sentAt.get(replica) <= stalenessMillis) {
        fresh.put(replica, window);
      }
    });
    if (fresh.size() < minReplicas) {
      return;
    }
    try {
      DriftConfig config = configs.get(model);
      DriftReport fleet = state.baseline == null ? null
          : DriftFleet.score(model, config, state.baseline, new ArrayList<>(fresh.values()));
      Map<String, List<String>> outliers = new TreeMap<>();
      if (fresh.size() >= 3) {
        DriftFleet.outliers(model, config, fresh).forEach((replica, features) -> {
          if (!features.isEmpty()) {
            outliers.put(replica, features);
          }
        });
      }
      reports.increment();
      listener.accept(new FleetReport(model, version, new ArrayList<>(fresh.keySet()), fleet, outliers));
    } catch (RuntimeException e) {
      skipped.increment();
      log.warn("fleet drift of {} version {} could not be scored", model, version, e);
    }
  }

  private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Records read from the topic since this aggregator started. */
  public long consumed() {
    return consumed.sum();
  }

  /** Records skipped: not from a shipper, of an unconfigured model, or not scorable. */
  public long skipped() {
    return skipped.sum();
  }

  /** Fleet reports given to the listener. */
  public long reports() {
    return reports.sum();
  }

  /** Stops polling, commits what was processed and closes the consumer. */
  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      poller.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link FleetDriftAggregator}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> config;
    private final Map<String, DriftConfig> configs = new HashMap<>();
    private String topic = "monitored-inference.drift";
    private int minReplicas = 2;
    private Duration staleness = Duration.ofMinutes(10);
    private @Nullable Consumer<FleetReport> listener;

    private Builder(Map<String, Object> config) {
      this.config = new HashMap<>(config);
    }

    /** Aggregates {@code model}'s windows, scored with {@code config} (the replicas' own). */
    public Builder model(String model, DriftConfig config) {
      configs.put(requireNonNull(model, "model"), requireNonNull(config, "config"));
      return this;
    }

    /** The topic the shippers write; {@code monitored-inference.drift} unless set. */
    public Builder topic(String topic) {
      this.topic = requireNonNull(topic, "topic");
      return this;
    }

    /**
     * Replicas needed for a report; 2 unless set.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public Builder minReplicas(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("minReplicas must be >= 1, but was " + count);
      }
      this.minReplicas = count;
      return this;
    }

    /**
     * How much older than the newest a replica's window may be and still be merged (a replica
     * that stopped reporting drops out); 10 minutes unless set.
     */
    public Builder staleness(Duration staleness) {
      this.staleness = requireNonNull(staleness, "staleness");
      return this;
    }

    /** Told of each fleet report, on the aggregator's thread. */
    public Builder listener(Consumer<FleetReport> listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Subscribes and starts polling.
     *
     * @throws IllegalStateException if no listener or no model was given
     */
    public FleetDriftAggregator build() {
      if (listener == null || configs.isEmpty()) {
        throw new IllegalStateException("a fleet aggregator needs a listener and at least one model");
      }
      return new FleetDriftAggregator(this);
    }
  }
}
