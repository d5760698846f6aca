package dev.monitoredinference.kafka;

import static java.util.Objects.requireNonNull;

import dev.monitoredinference.ErrorType;
import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.Prediction;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships a sample of a model's calls to a Kafka topic as JSON records, as KServe's inference
 * logger does, without ever making a call wait: the call's thread decides whether the call is
 * sampled and puts a small capture in a bounded buffer; a background thread encodes and sends.
 * When the buffer is full (Kafka slow or gone) the record is dropped and counted; a send Kafka
 * refuses or times out is counted as failed. Every sampled call ends up sent, dropped or failed.
 *
 * <pre>{@code
 * Producer<String, byte[]> producer = ShippingProducer.create(Map.of("bootstrap.servers", "kafka:9092"));
 * PredictionLog log = PredictionLog.builder(producer).sampleRate(0.01).replica(podName).build();
 * MonitoredModel ranker = MonitoredModel.builder("ranker").addInterceptor(log.interceptor())...;
 * }</pre>
 *
 * <p>A record: {@code {"model","version","digest","provider","operation","replica","timestamp_ms",
 * "latency_ms","outcome"}} (the {@code error.type} value, {@code none} on success) and, unless
 * {@link Redaction#none()}, {@code "inputs"} and {@code "outputs"} as the {@link Redaction} allows
 * (shapes only by default: no input values leave the process unless asked for). Keyed by model
 * name; one record per message unless {@link Builder#recordsPerMessage} batches them as lines.
 * Thread-safe.
 */
public final class PredictionLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);

  private static final int BATCH = 1024;
  /**
   * The shipper's nap on an empty buffer: each timed wake-up costs tens of µs of CPU, which on a
   * small host is taken from the calls; 2 ms naps (500 wake-ups a second) cost a tiny model's
   * calls more than encoding. Half the producer's 20 ms linger adds little to a record's delay.
   */
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /**
   * A message is sent once its lines reach this many characters, whatever {@code
   * recordsPerMessage} says: records with values can be kilobytes each, and Kafka refuses a
   * request over {@code max.request.size} (1 MB by default) whole.
   */
  static final int MESSAGE_CHARS = 256 * 1024;

  private final Producer<String, byte[]> producer;
  private final CountingSender sender;
  private final String topic;
  private final double sampleRate;
  private final Redaction redaction;
  private final String replica;
  private final int recordsPerMessage;
  private final RecordRing<PredictionRecord> buffer;
  private final LongAdder dropped = new LongAdder();
  private final Thread shipper;
  private volatile boolean closed;
  private volatile boolean shipperDone;

  private PredictionLog(Builder builder) {
    this.producer = builder.producer;
    this.sender = new CountingSender(builder.producer);
    this.topic = builder.topic;
    this.sampleRate = builder.sampleRate;
    this.redaction = builder.redaction;
    this.replica = builder.replica;
    this.recordsPerMessage = builder.recordsPerMessage;
    this.buffer = new RecordRing<>(builder.capacity);
    this.shipper = new Thread(this::ship, "monitored-inference-prediction-log");
    shipper.setDaemon(true);
    shipper.start();
    if (builder.registry != null) {
      bind(builder.registry);
    }
  }

  /** A builder shipping through {@code producer}, which the application owns and closes. */
  public static Builder builder(Producer<String, byte[]> producer) {
    return new Builder(requireNonNull(producer, "producer"));
  }

  /** The interceptor to add to each model whose calls are shipped (outermost, so it sees all). */
  public InferenceInterceptor interceptor() {
    return chain -> {
      if (closed || ThreadLocalRandom.current().nextDouble() >= sampleRate) {
        return chain.proceed(chain.inputs());
      }
      Inputs inputs = chain.inputs();
      long start = System.nanoTime();
      Prediction prediction = null;
      String outcome = ErrorType.NONE.tagValue();
      try {
        prediction = chain.proceed(inputs);
        return prediction;
      } catch (RuntimeException | Error failure) {
        outcome = ErrorType.of(failure).tagValue();
        throw failure;
      } finally {
        long end = System.nanoTime();
        offer(PredictionRecord.capture(chain.modelName(), chain.operation(), chain.version(),
            outcome, end - start, end, inputs, prediction, redaction));
      }
    };
  }

  private void offer(PredictionRecord record) {
    if (!buffer.offer(record)) {
      dropped.increment();
    } else if (shipperDone) { // the call began before close() and ended after the shipper did
      dropLeftovers();
    }
  }

  /**
   * Counts what is left in the buffer as dropped, once the shipper has stopped taking from it.
   * Locked: the buffer allows one consumer at a time, and the shipper, {@code close()} and late
   * calls may all get here. The offer's store and the flag are sequentially consistent, so a late
   * call either sees {@link #shipperDone} or its record is seen by the shipper's last clear.
   */
  private synchronized void dropLeftovers() {
    dropped.add(buffer.clear());
  }

  /** Records Kafka acknowledged. */
  public long sent() {
    return sender.sent.sum();
  }

  /** Sampled calls not shipped because the buffer was full, or still buffered at close. */
  public long dropped() {
    return dropped.sum();
  }

  /** Records Kafka refused or did not acknowledge in time. */
  public long failed() {
    return sender.failed.sum();
  }

  /**
   * Drains the buffer in batches and naps while it is empty, never waiting on it: a shipper
   * blocked on the queue would have every caller's offer wake it, a system call per record. Each
   * drained batch is sent before the next is taken, in messages of up to {@code recordsPerMessage}
   * records of one model.
   */
  private void ship() {
    try {
      shipUntilClosed();
    } finally {
      shipperDone = true; // from here on, whoever offers or closes counts what is left
      dropLeftovers(); // offered too late, or left when close() gave up waiting
    }
  }

  private void shipUntilClosed() {
    List<PredictionRecord> batch = new ArrayList<>(BATCH);
    Map<String, Message> messages = new HashMap<>();
    PredictionRecord.Prefixes prefixes = new PredictionRecord.Prefixes(replica);
    while (!closed || !buffer.isEmpty()) {
      if (buffer.drainTo(batch, BATCH) == 0) {
        LockSupport.parkNanos(NAP_NANOS);
        if (Thread.interrupted()) {
          break;
        }
        continue;
      }
      Instant wall = Instant.now(); // below a millisecond: each timestamp is rounded once
      long nanoTime = System.nanoTime();
      long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
      for (int i = 0; i < batch.size(); i++) {
        if (Thread.currentThread().isInterrupted()) { // close() gave up waiting
          messages.values().forEach(message -> dropped.add(message.records));
          dropped.add(batch.size() - i);
          return;
        }
        PredictionRecord record = batch.get(i);
        Message message = messages.computeIfAbsent(record.model, Message::new);
        message.add(record, prefixes.of(record), redaction, record.timestampMillis(wallNanos, nanoTime));
        if (message.records == recordsPerMessage || message.lines.length() >= MESSAGE_CHARS) {
          message.sendTo(sender, topic);
        }
      }
      for (Message message : messages.values()) {
        message.sendTo(sender, topic);
      }
      batch.clear();
    }
  }

  /** The records of one model waiting to go as one Kafka message, one JSON object per line. */
  private static final class Message {
    private final String model;
    final StringBuilder lines = new StringBuilder(1024);
    private int records;
    private long timestampMillis;

    Message(String model) {
      this.model = model;
    }

    void add(PredictionRecord record, String prefix, Redaction redaction, long timestamp) {
      if (records++ == 0) {
        timestampMillis = timestamp;
      } else {
        lines.append('\n');
      }
      record.appendJson(lines, prefix, redaction, timestamp);
    }

    void sendTo(CountingSender sender, String topic) {
      if (records > 0) {
        sender.send(new ProducerRecord<>(topic, null, timestampMillis, model,
            lines.toString().getBytes(StandardCharsets.UTF_8)), records);
        lines.setLength(0);
        records = 0;
      }
    }
  }

  private void bind(MeterRegistry registry) {
    Tags tags = Tags.of("topic", topic);
    FunctionCounter.builder(ShippedRecords.NAME, sender.sent, LongAdder::sum)
        .description(ShippedRecords.DESCRIPTION).tags(tags.and("outcome", "sent")).register(registry);
    FunctionCounter.builder(ShippedRecords.NAME, dropped, LongAdder::sum)
        .description(ShippedRecords.DESCRIPTION).tags(tags.and("outcome", "dropped")).register(registry);
    FunctionCounter.builder(ShippedRecords.NAME, sender.failed, LongAdder::sum)
        .description(ShippedRecords.DESCRIPTION).tags(tags.and("outcome", "failed")).register(registry);
  }

  /**
   * Stops sampling, sends what is buffered and waits up to {@code timeout} for Kafka to
   * acknowledge it (records still buffered then count as dropped). Does not close the producer.
   *
   * @return whether every buffered record was handed to Kafka in time
   */
  public boolean close(Duration timeout) {
    closed = true;
    long droppedBefore = dropped.sum();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      shipper.join(Math.max(1, timeout.toMillis()));
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("flushing prediction records failed", e);
    }
    shipper.interrupt();
    try {
      shipper.join(1_000); // it counts the rest of its batch as dropped and stops
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (shipperDone) { // else the shipper, still sending, counts the rest as it ends
      dropLeftovers();
    }
    return dropped.sum() == droppedBefore && System.nanoTime() <= deadline;
  }

  /** {@link #close(Duration)} with 5 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  /** Builds a {@link PredictionLog}. Not thread-safe. */
  public static final class Builder {
    private final Producer<String, byte[]> producer;
    private String topic = "monitored-inference.predictions";
    private double sampleRate = 0.01;
    private Redaction redaction = Redaction.shapesOnly();
    private String replica = defaultReplica();
    private int capacity = 10_000;
    private int recordsPerMessage = 1;
    private @Nullable MeterRegistry registry;

    private Builder(Producer<String, byte[]> producer) {
      this.producer = producer;
    }

    /** The topic; {@code monitored-inference.predictions} unless set. */
    public Builder topic(String topic) {
      this.topic = requireNonNull(topic, "topic");
      return this;
    }

    /**
     * The share of calls shipped; 0.01 unless set.
     *
     * @throws IllegalArgumentException unless {@code 0 < rate <= 1}
     */
    public Builder sampleRate(double rate) {
      if (!(rate > 0 && rate <= 1)) {
        throw new IllegalArgumentException("sampleRate must be in (0, 1], but was " + rate);
      }
      this.sampleRate = rate;
      return this;
    }

    /** What records say of inputs and outputs; {@link Redaction#shapesOnly()} unless set. */
    public Builder redaction(Redaction redaction) {
      this.redaction = requireNonNull(redaction, "redaction");
      return this;
    }

    /** This process's name in the records; the {@code HOSTNAME} variable (a pod's name) unless set. */
    public Builder replica(String replica) {
      this.replica = requireNonNull(replica, "replica");
      return this;
    }

    /**
     * Records waiting to be sent; beyond it sampled calls are dropped and counted. 10,000 unless set.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Up to {@code records} sampled calls of one model per Kafka message, one JSON object per line
     * (newline-delimited JSON); 1 unless set, one record per message. Each message costs the
     * producer and the broker a header, an offset and an acknowledgement, so at tens of thousands
     * of records a second batching them (e.g. 100) cuts the shipping cost many times over; the
     * consumer then splits the value into lines. Messages never wait for more records: each drained
     * buffer is sent at once; and a message is sent early once it holds 256 K characters, so that
     * records with values stay under Kafka's request size.
     *
     * @throws IllegalArgumentException if {@code records < 1}
     */
    public Builder recordsPerMessage(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("recordsPerMessage must be >= 1, but was " + records);
      }
      this.recordsPerMessage = records;
      return this;
    }

    /** Counts sent, dropped and failed records as {@code monitored.inference.shipped.records}. */
    public Builder metrics(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Starts the shipping thread. */
    public PredictionLog build() {
      return new PredictionLog(this);
    }
  }

  static String defaultReplica() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "unknown" : host;
  }
}
