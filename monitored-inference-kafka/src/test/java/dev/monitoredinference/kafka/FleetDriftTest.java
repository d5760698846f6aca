package dev.monitoredinference.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.drift.Baseline;
import dev.monitoredinference.drift.DriftConfig;
import dev.monitoredinference.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/**
 * Three replicas ship their drift sketches to a real Kafka; the fleet aggregator merges them,
 * flags the shift and names the shifted replica, and goes on after a restart from its committed
 * offsets without reading a record twice.
 */
class FleetDriftTest {
  private static final DriftConfig CONFIG = DriftConfig.builder()
      .features("features", List.of("price", "ctr"))
      .baseline(Baseline.capture(2_000)).windowSamples(2_000).subWindows(1)
      .build();
  private final Random random = new Random(17);

  @Test
  void theShiftedReplica_isFlaggedInTheFleetAndAsTheOutlier_andARestartedAggregatorReadsOnlyWhatIsNew()
      throws Exception {
    try (Broker broker = Broker.start("drift", "events");
        Producer<String, byte[]> producer = broker.producer()) {
      List<MonitoredModel> replicas = new ArrayList<>();
      List<DriftShipper> shippers = new ArrayList<>();
      for (String name : List.of("a", "b", "c")) {
        DriftShipper shipper = DriftShipper.builder(producer).replica(name).driftTopic("drift")
            .eventTopic("events").period(Duration.ofHours(1)).build();
        MonitoredModel replica = MonitoredModel.builder("ranker")
            .modelBytes(TestModels.linearScorer(new float[] {1f, 1f}, 0f))
            .drift(CONFIG).driftListener(shipper.driftListener())
            .build();
        shippers.add(shipper.watch(replica));
        replicas.add(replica);
      }
      BlockingQueue<FleetReport> reports = new LinkedBlockingQueue<>();
      Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "fleet");
      try {
        round(replicas, shippers, 0, 0);  // baselines
        round(replicas, shippers, 1, 1.0); // replica c's ctr moves by 1 sd
        FleetReport shifted;
        try (FleetDriftAggregator fleet = aggregator(consumer, reports)) {
          shifted = await(reports, 3);
          assertThat(fleet.consumed()).isEqualTo(6); // a baseline and a window per replica
        }
        assertThat(shifted.model()).isEqualTo("ranker");
        assertThat(shifted.version()).isEqualTo("1");
        assertThat(shifted.fleet().orElseThrow().drifted()).containsExactly("ctr");
        assertThat(shifted.fleet().orElseThrow().windowSamples()).isEqualTo(6_000);
        assertThat(shifted.outliers()).containsExactly(entry("c", List.of("ctr")));

        reports.clear();
        round(replicas, shippers, 2, 0); // c is back in line
        try (FleetDriftAggregator restarted = aggregator(consumer, reports)) {
          FleetReport calm = await(reports, 3);
          assertThat(restarted.consumed()).isEqualTo(6); // round 2 only: offsets were committed
          assertThat(calm.fleet().orElseThrow().drifted()).isEmpty();
          assertThat(calm.outliers()).isEmpty();
        }
        List<String> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : broker.read("events", 5)) {
          events.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        assertThat(events).filteredOn(e -> e.contains("\"event\":\"monitored.inference.version\""))
            .hasSize(3).allMatch(e -> e.contains("\"model.version\":\"1\"") && e.contains("\"previous\":null"));
        assertThat(events).filteredOn(e -> e.contains("\"event\":\"monitored.inference.drift\""))
            .hasSize(2).allMatch(e -> e.contains("\"feature\":\"ctr\""));
      } finally {
        shippers.forEach(DriftShipper::close);
        replicas.forEach(MonitoredModel::close);
      }
    }
  }

  private static FleetDriftAggregator aggregator(Map<String, Object> consumer, BlockingQueue<FleetReport> reports) {
    return FleetDriftAggregator.builder(consumer).topic("drift").model("ranker", CONFIG)
        .listener(reports::add).build();
  }

  /** Each replica predicts a window of 2,000 rows (c's ctr shifted) and ships what closed. */
  private void round(List<MonitoredModel> replicas, List<DriftShipper> shippers, int round, double shift) {
    for (int r = 0; r < replicas.size(); r++) {
      double ctrShift = r == 2 ? shift : 0;
      for (int call = 0; call < 20; call++) {
        float[][] rows = new float[100][2];
        for (float[] row : rows) {
          row[0] = (float) random.nextGaussian();
          row[1] = (float) (random.nextGaussian() + ctrShift);
        }
        replicas.get(r).predict(Inputs.of("features", rows));
      }
      replicas.get(r).drift().sketchBytes(); // runs on the drift thread after the rows: a barrier
      shippers.get(r).shipNow();
    }
  }

  /** The first report that merges {@code replicas} replicas. */
  private static FleetReport await(BlockingQueue<FleetReport> reports, int replicas) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      FleetReport report = reports.poll(200, TimeUnit.MILLISECONDS);
      if (report != null && report.replicas().size() == replicas) {
        return report;
      }
    }
    throw new AssertionError("no fleet report of " + replicas + " replicas within 30 s");
  }
}
