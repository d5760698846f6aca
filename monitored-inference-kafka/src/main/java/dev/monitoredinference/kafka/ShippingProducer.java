package dev.monitoredinference.kafka;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka producer set up for monitoring data: keys are model names, values bytes; small batches
 * sent every 20 ms, lz4-compressed, acknowledged by the leader only, and a send that cannot get
 * metadata gives up after a second rather than waiting a minute. Monitoring records are worth
 * less than the calls they describe: when Kafka is slow the shippers drop and count, so nothing
 * here retries for long.
 *
 * <pre>{@code
 * Producer<String, byte[]> producer = ShippingProducer.create(Map.of("bootstrap.servers", "kafka:9092"));
 * }</pre>
 */
public final class ShippingProducer {
  private ShippingProducer() {}

  /** The defaults above, overridden by {@code config} (which must name the bootstrap servers). */
  public static Producer<String, byte[]> create(Map<String, Object> config) {
    requireNonNull(config, "config");
    if (!config.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("config must name " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    settings.put(ProducerConfig.ACKS_CONFIG, "1");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // acks=1 rules it out
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    settings.putAll(config);
    return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
  }
}
