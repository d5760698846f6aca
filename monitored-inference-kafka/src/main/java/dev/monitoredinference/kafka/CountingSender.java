package dev.monitoredinference.kafka;

import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to a producer and counts each one as sent (acknowledged) or failed (refused, not
 * acknowledged in time, or not accepted at all, e.g. no metadata within {@code max.block.ms}).
 * Never throws. Thread-safe.
 */
final class CountingSender {
  private static final Logger log = LoggerFactory.getLogger(CountingSender.class);

  final LongAdder sent = new LongAdder();
  final LongAdder failed = new LongAdder();
  private final Producer<String, byte[]> producer;

  CountingSender(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  void send(ProducerRecord<String, byte[]> record) {
    send(record, 1);
  }

  /** Sends one Kafka message that carries {@code records} records, counting each of them. */
  void send(ProducerRecord<String, byte[]> record, int records) {
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          sent.add(records);
        } else {
          failed.add(records);
        }
      });
    } catch (RuntimeException e) {
      failed.add(records);
      log.debug("record not sent to {}", record.topic(), e);
    }
  }
}
