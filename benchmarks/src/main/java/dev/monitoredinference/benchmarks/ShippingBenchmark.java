package dev.monitoredinference.benchmarks;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.kafka.PredictionLog;
import dev.monitoredinference.kafka.ShippingProducer;
import dev.monitoredinference.runtime.RunControl;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What shipping prediction records to Kafka costs a tiny model's call ({@code plain} vs {@code
 * shipped}, metrics on both), and how many records one JVM ships: a real single-node KRaft broker
 * runs in the fork ({@code shipped} only), and each iteration prints the records sent, dropped
 * and failed per second. {@code sampleRate=1} ships every call. {@code shipOnly} offers records
 * as fast as one thread can (a call that answers at once): its "shipped records/s" is what the
 * shipper sustains, its "lost" what it could not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
public class ShippingBenchmark {
  /** A tiny model with metrics, no shipping. */
  @State(Scope.Benchmark)
  public static class Plain {
    /** Unused here: present so that OverheadRatio can pass one sampleRate to both methods. */
    @Param({"1", "0.01"})
    public double sampleRate;

    MonitoredModel model;
    Inputs inputs;

    @Setup(Level.Trial)
    public void setUp() {
      BenchmarkModels.Fixture tiny = BenchmarkModels.fixture("tiny");
      inputs = tiny.inputs();
      model = MonitoredModel.builder("tiny").modelBytes(tiny.bytes())
          .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      model.close();
    }
  }

  /** The same model shipping a sample of its calls to a broker in this JVM. */
  @State(Scope.Benchmark)
  public static class Shipped {
    @Param({"1", "0.01"})
    public double sampleRate;

    KafkaClusterTestKit cluster;
    Producer<String, byte[]> producer;
    PredictionLog log;
    MonitoredModel model;
    Inputs inputs;
    InferenceInterceptor interceptor;
    InferenceInterceptor.Chain answered;
    private long iterationStart;
    private long sentBefore;
    private long lostBefore;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
              .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
          .setConfigProp("offsets.topic.replication.factor", "1").build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      try (Admin admin = cluster.admin()) {
        admin.createTopics(List.of(new NewTopic("predictions", 1, (short) 1))).all().get();
      }
      producer = ShippingProducer.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
      log = PredictionLog.builder(producer).topic("predictions").sampleRate(sampleRate).build();
      BenchmarkModels.Fixture tiny = BenchmarkModels.fixture("tiny");
      inputs = tiny.inputs();
      model = MonitoredModel.builder("tiny").modelBytes(tiny.bytes())
          .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
          .addInterceptor(log.interceptor()).build();
      interceptor = log.interceptor();
      Prediction prediction = model.predict(inputs);
      answered = new AnsweredChain(prediction, inputs);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      iterationStart = System.nanoTime();
      sentBefore = log.sent();
      lostBefore = log.dropped() + log.failed();
    }

    @TearDown(Level.Iteration)
    public void printRates() {
      double seconds = (System.nanoTime() - iterationStart) / 1e9;
      System.out.printf("%n  shipped %,.0f records/s, lost %,.0f/s%n", (log.sent() - sentBefore) / seconds,
          (log.dropped() + log.failed() - lostBefore) / seconds);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      model.close();
      log.close(Duration.ofSeconds(10));
      System.out.printf("  total: sent %,d, dropped %,d, failed %,d%n", log.sent(), log.dropped(), log.failed());
      producer.close();
      cluster.close();
    }
  }

  /** A chain that answers at once with a fixed prediction: the shipper's cost alone. */
  private static final class AnsweredChain implements InferenceInterceptor.Chain {
    private final Prediction prediction;
    private final Inputs inputs;

    AnsweredChain(Prediction prediction, Inputs inputs) {
      this.prediction = prediction;
      this.inputs = inputs;
    }

    @Override
    public String modelName() {
      return "tiny";
    }

    @Override
    public String operation() {
      return "predict";
    }

    @Override
    public ModelVersion version() {
      return prediction.version();
    }

    @Override
    public RunControl control() {
      return RunControl.none();
    }

    @Override
    public Inputs inputs() {
      return inputs;
    }

    @Override
    public Prediction proceed(Inputs ignored) {
      return prediction;
    }
  }

  @Benchmark
  public Prediction plain(Plain state) {
    return state.model.predict(state.inputs);
  }

  @Benchmark
  public Prediction shipped(Shipped state) {
    return state.model.predict(state.inputs);
  }

  @Benchmark
  public Prediction shipOnly(Shipped state) {
    return state.interceptor.intercept(state.answered);
  }
}
