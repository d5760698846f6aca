package dev.monitoredinference.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft broker from Kafka's test kit. {@link #main} runs one as a process of its own
 * and writes its bootstrap address to the file named by its argument, so that {@link
 * ShippingBenchmark} can ship to it ({@code -Dshipping.bootstrap=…}) with the broker's CPU outside
 * the benchmark's JVM, for instance at idle priority, as a broker on another host would be:
 *
 * <pre>
 * chrt -i 0 java -cp benchmarks/target/benchmarks.jar dev.monitoredinference.benchmarks.KafkaBroker /tmp/bootstrap &amp;
 * </pre>
 */
public final class KafkaBroker {
  private KafkaBroker() {}

  /** Starts a broker and waits until it is ready. */
  static KafkaClusterTestKit start() throws Exception {
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1").build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return cluster;
  }

  /** Runs a broker until the process is stopped; {@code args[0]}: where to write its address. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: KafkaBroker <file for the bootstrap address>");
    }
    KafkaClusterTestKit cluster = start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    Path file = Path.of(args[0]);
    Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), cluster.bootstrapServers());
    Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }
}
