package dev.monitoredinference.benchmarks;

import dev.monitoredinference.InferenceInterceptor;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.kafka.PredictionLog;
import dev.monitoredinference.kafka.ShippingProducer;
import dev.monitoredinference.onnx.OnnxOptions;
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
import org.jspecify.annotations.Nullable;
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
 * shipper sustains, its "lost" what it could not. {@code alternating} switches shipping on and off
 * in one fork ({@link Alternating}): the ratio it prints is the sharpest measure of the cost here.
 * {@code recordsPerMessage} is {@link PredictionLog.Builder#recordsPerMessage}.
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

    /** Unused here, as {@link #sampleRate}. */
    @Param({"1", "100"})
    public int recordsPerMessage;

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

    @Param({"1", "100"})
    public int recordsPerMessage;

    Kafka kafka;
    MonitoredModel model;
    Inputs inputs;
    InferenceInterceptor interceptor;
    InferenceInterceptor.Chain answered;
    private long iterationStart;
    private long sentBefore;
    private long lostBefore;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      kafka = new Kafka(sampleRate, recordsPerMessage);
      BenchmarkModels.Fixture tiny = BenchmarkModels.fixture("tiny");
      inputs = tiny.inputs();
      model = MonitoredModel.builder("tiny").modelBytes(tiny.bytes())
          .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
          .addInterceptor(kafka.log.interceptor()).build();
      interceptor = kafka.log.interceptor();
      Prediction prediction = model.predict(inputs);
      answered = new AnsweredChain(prediction, inputs);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      iterationStart = System.nanoTime();
      sentBefore = kafka.log.sent();
      lostBefore = kafka.lost();
    }

    @TearDown(Level.Iteration)
    public void printRates() {
      double seconds = (System.nanoTime() - iterationStart) / 1e9;
      System.out.printf("%n  shipped %,.0f records/s, lost %,.0f/s%n",
          (kafka.log.sent() - sentBefore) / seconds, (kafka.lost() - lostBefore) / seconds);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      model.close();
      kafka.close();
    }
  }

  /**
   * One model whose shipping is switched on and off in turns, a measured iteration each, in one
   * fork ({@link Alternation}): the broker, the model's session and the JIT's code are the same on
   * both sides. Prints the records shipped per second while shipping at the end of each fork.
   * {@code control=true} ships on neither side: a negative control showing what alternating alone
   * reads.
   */
  @State(Scope.Benchmark)
  public static class Alternating {
    @Param({"1", "0.01"})
    public double sampleRate;

    @Param({"1", "100"})
    public int recordsPerMessage;

    @Param({"false"})
    public boolean control;

    /** ONNX Runtime's threads per call; 1 keeps its spinning pool off the core the shipper uses. */
    @Param({"0"})
    public int intraOpThreads;

    Kafka kafka;
    MonitoredModel model;
    Inputs inputs;
    private Alternation alternation;
    private long startNanos;
    private long sentBefore;
    private long shippedRecords;
    private double shippedSeconds;

    @Setup(Level.Trial)
    public void setUp(Alternation turns) throws Exception {
      alternation = turns;
      kafka = new Kafka(sampleRate, recordsPerMessage);
      InferenceInterceptor shipper = kafka.log.interceptor();
      BenchmarkModels.Fixture tiny = BenchmarkModels.fixture("tiny");
      inputs = tiny.inputs();
      model = MonitoredModel.builder("tiny").modelBytes(tiny.bytes())
          .onnxOptions(OnnxOptions.builder().intraOpThreads(intraOpThreads).build())
          .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
          .addInterceptor(chain -> turns.candidate() && !control ? shipper.intercept(chain)
              : chain.proceed(chain.inputs()))
          .build();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      startNanos = System.nanoTime();
      sentBefore = kafka.log.sent();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
      if (alternation.measuredCandidate()) {
        shippedRecords += kafka.log.sent() - sentBefore;
        shippedSeconds += (System.nanoTime() - startNanos) / 1e9;
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      model.close();
      kafka.close();
      System.out.printf("  %,.0f records/s shipped while shipping%n",
          shippedRecords / Math.max(1e-9, shippedSeconds));
    }
  }

  /**
   * A prediction log shipping to a single-node KRaft broker: started in this JVM, or, when the
   * system property {@code shipping.bootstrap} names one, a broker elsewhere ({@link KafkaBroker}
   * in another process, whose CPU the benchmark's own threads then come before).
   */
  static final class Kafka {
    static final String TOPIC = "predictions";

    final @Nullable KafkaClusterTestKit cluster;
    final Producer<String, byte[]> producer;
    final PredictionLog log;

    Kafka(double sampleRate, int recordsPerMessage) throws Exception {
      String external = System.getProperty("shipping.bootstrap");
      cluster = external == null ? KafkaBroker.start() : null;
      String bootstrap = cluster == null ? external : cluster.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        if (!admin.listTopics().names().get().contains(TOPIC)) {
          admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
      }
      producer = ShippingProducer.create(Map.of("bootstrap.servers", bootstrap));
      log = PredictionLog.builder(producer).topic(TOPIC).sampleRate(sampleRate)
          .recordsPerMessage(recordsPerMessage).build();
    }

    long lost() {
      return log.dropped() + log.failed();
    }

    void close() throws Exception {
      log.close(Duration.ofSeconds(10));
      System.out.printf("  total: sent %,d, dropped %,d, failed %,d%n", log.sent(), log.dropped(),
          log.failed());
      producer.close();
      if (cluster != null) {
        cluster.close();
      }
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
  public Prediction alternating(Alternating state, Alternation alternation) {
    alternation.calls++;
    return state.model.predict(state.inputs);
  }

  @Benchmark
  public Prediction shipOnly(Shipped state) {
    return state.interceptor.intercept(state.answered);
  }
}
