package dev.monitoredinference.embedding;

import static dev.monitoredinference.embedding.WordTokenizer.expectedMean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.monitoredinference.ElementType;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelClosedException;
import dev.monitoredinference.ModelExecutionException;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.MonitoredModelBuilder;
import dev.monitoredinference.Poll;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.TensorSpec;
import dev.monitoredinference.admission.ModelOverloadedException;
import dev.monitoredinference.batching.BatchingConfig;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.health.HealthStatus;
import dev.monitoredinference.onnx.OnnxModelLoader;
import dev.monitoredinference.runtime.RunControl;
import dev.monitoredinference.testing.FakeModelRuntime;
import dev.monitoredinference.testing.ForwardingModelRuntime;
import dev.monitoredinference.testing.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who owns the encoder, health and shutdown: the embedder's life beside its encoder's. */
class TextEmbedderLifecycleTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();
  private final CountDownLatch runEntered = new CountDownLatch(1);
  private volatile CountDownLatch release = new CountDownLatch(0);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    release.countDown();
    pool.shutdownNow();
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  /**
   * The float test encoder on ONNX Runtime, its runtime watched: loads and closes are counted, and
   * a run waits for {@link #release} (after counting down {@link #runEntered}).
   */
  private MonitoredModelBuilder watchedEncoder(String name) {
    return MonitoredModel.builder(name)
        .modelBytes(TestModels.tokenEncoder(WordTokenizer.table(0f), 4))
        .loader(request -> {
          loads.incrementAndGet();
          return new ForwardingModelRuntime(OnnxModelLoader.create().load(request)) {
            @Override
            public Prediction run(Inputs inputs, RunControl control) {
              runEntered.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return super.run(inputs, control);
            }

            @Override
            public void close() {
              closes.incrementAndGet();
              super.close();
            }
          };
        });
  }

  private MonitoredModel shared(String name) {
    MonitoredModel encoder = watchedEncoder(name).build();
    open.add(encoder);
    return encoder;
  }

  private TextEmbedder embedder(String name, MonitoredModel encoder) {
    TextEmbedder embedder = TextEmbedder.builder(name).model(encoder).tokenizer(new WordTokenizer()).build();
    open.add(0, embedder);
    return embedder;
  }

  private TextEmbedder owning(String name) {
    TextEmbedder embedder = TextEmbedder.builder(name).model(watchedEncoder(name))
        .tokenizer(new WordTokenizer()).build();
    open.add(0, embedder);
    return embedder;
  }

  /** Starts {@code embed(text)} on another thread, held inside the encoder's run. */
  private CompletableFuture<float[]> heldInTheEncoder(TextEmbedder embedder, String text) throws Exception {
    release = new CountDownLatch(1);
    CompletableFuture<float[]> call = CompletableFuture.supplyAsync(() -> embedder.embed(text), pool);
    assertThat(runEntered.await(10, TimeUnit.SECONDS)).isTrue();
    return call;
  }

  @Test
  void twoEmbedders_shareOneLoadedEncoder() {
    MonitoredModel minilm = shared("words");
    TextEmbedder queries = embedder("query-encoder", minilm);
    TextEmbedder titles = embedder("catalogue-encoder", minilm);

    float[] query = queries.embed("blue hat");
    float[] title = titles.embed("blue hat");

    assertThat(loads).hasValue(1);
    assertThat(queries.model()).isSameAs(titles.model()).isSameAs(minilm);
    assertThat(query).containsExactly(title).containsExactly(expectedMean(0f, true, 1, 6, 7, 2), within(1e-6f));
  }

  @Test
  void embed_sharedEncoder_isNotClosedWithTheEmbedder() {
    MonitoredModel minilm = shared("words");
    TextEmbedder queries = embedder("query-encoder", minilm);
    TextEmbedder titles = embedder("catalogue-encoder", minilm);

    titles.close();

    assertThatThrownBy(() -> titles.embed("red")).isInstanceOf(ModelClosedException.class)
        .hasMessage("model 'catalogue-encoder' is closed and accepts no more calls");
    assertThat(minilm.isClosed()).isFalse();
    assertThat(closes).hasValue(0);
    assertThat(queries.embed("red")).containsExactly(expectedMean(0f, true, 1, 3, 2), within(1e-6f));
    assertThat(queries.health()).isEqualTo(HealthStatus.up());
  }

  @Test
  void anOwnedEncoder_isClosedWithTheEmbedder_onceTheCallsInFlightReturn() throws Exception {
    TextEmbedder embedder = owning("words");
    CompletableFuture<float[]> running = heldInTheEncoder(embedder, "red");

    embedder.close();

    assertThat(embedder.isClosed()).isTrue();
    assertThatThrownBy(() -> embedder.embed("hat")).isInstanceOf(ModelClosedException.class);
    assertThat(embedder.model().isClosed()).as("not while a call runs").isFalse();
    release.countDown();
    assertThat(running.get(10, TimeUnit.SECONDS)).containsExactly(expectedMean(0f, true, 1, 3, 2), within(1e-6f));
    Poll.until(() -> closes.get() == 1);
    assertThat(embedder.model().isClosed()).isTrue();
    assertThat(embedder.model().liveNativeObjects()).isZero();
  }

  @Test
  void model_fromABuilder_usesTheBuilderAsGiven_withoutTheEmbeddersRegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TextEmbedder embedder = TextEmbedder.builder("words").model(watchedEncoder("words"))
        .tokenizer(new WordTokenizer()).metrics(registry).build();
    open.add(0, embedder);

    embedder.embed("red");

    assertThat(registry.find("monitored.inference.request.duration").tags("operation", "embeddings").timers())
        .isNotEmpty();
    assertThat(registry.find("monitored.inference.request.duration").tags("operation", "predict").timers())
        .as("the encoder builder had no metrics of its own").isEmpty();
  }

  @Test
  void aClosedSharedEncoder_isRefusedAtBuild() {
    MonitoredModel minilm = shared("minilm");
    minilm.close();

    assertThatThrownBy(() -> TextEmbedder.builder("q").model(minilm).tokenizer(new WordTokenizer()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("embedder 'q' was given encoder 'minilm', which is closed");
  }

  @Test
  void health_isUp_andDownOnceClosed() {
    TextEmbedder embedder = owning("words");
    assertThat(embedder.health()).isEqualTo(HealthStatus.up());

    embedder.close();

    assertThat(embedder.health()).isEqualTo(HealthStatus.down("embedder is closed"));
  }

  @Test
  void health_followsASharedEncoder_closedByItsOwner() {
    MonitoredModel minilm = shared("minilm");
    TextEmbedder embedder = embedder("query-encoder", minilm);

    minilm.close();

    assertThat(embedder.health()).isEqualTo(HealthStatus.down("encoder 'minilm': model is closed"));
  }

  @Test
  void health_isDegraded_whileTheBatchQueueIsFull() throws Exception {
    TextEmbedder embedder = TextEmbedder.builder("words").model(shared("words")).tokenizer(new WordTokenizer())
        .batching(BatchingConfig.maxBatch(2).maxDelay(Duration.ofSeconds(30)).maxQueue(1)).build();
    open.add(0, embedder);
    Thread leader = new Thread(() -> embedder.embed("red")); // waits for a second item
    leader.start();
    Poll.until(() -> embedder.health().state() == HealthState.DEGRADED);

    assertThat(embedder.health()).isEqualTo(HealthStatus.degraded(
        "the batch queue of 'words' is full (1 waiting): new calls are refused"));
    assertThatThrownBy(() -> embedder.embed("hat")).isInstanceOf(ModelOverloadedException.class);
    leader.interrupt(); // the leader then runs what is waiting
    leader.join(10_000);
    assertThat(embedder.health()).isEqualTo(HealthStatus.up());
  }

  @Test
  void shutdown_waitsForTheCallsInFlight_thenClosesTheOwnedEncoder() throws Exception {
    TextEmbedder embedder = owning("words");
    CompletableFuture<float[]> running = heldInTheEncoder(embedder, "red");
    pool.submit(() -> {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      release.countDown();
    });

    assertThat(embedder.shutdown(Duration.ofSeconds(10))).isTrue();

    assertThat(running.get(1, TimeUnit.SECONDS)).containsExactly(expectedMean(0f, true, 1, 3, 2), within(1e-6f));
    assertThat(embedder.model().isClosed()).isTrue();
    assertThat(closes).hasValue(1);
    assertThat(embedder.shutdown(Duration.ZERO)).as("idempotent").isTrue();
  }

  @Test
  void shutdown_leavesASharedEncoderServing() {
    MonitoredModel minilm = shared("minilm");
    TextEmbedder titles = embedder("catalogue-encoder", minilm);
    TextEmbedder queries = embedder("query-encoder", minilm);
    titles.embed("red");

    assertThat(titles.shutdown(Duration.ofSeconds(10))).isTrue();

    assertThat(minilm.isClosed()).isFalse();
    assertThat(closes).hasValue(0);
    assertThat(queries.embed("hat")).containsExactly(expectedMean(0f, true, 1, 7, 2), within(1e-6f));
  }

  @Test
  void shutdown_terminatesTheOwnedEncodersRunsStillGoingAtTheTimeout() throws Exception {
    ModelVersion signature = ModelVersion.builder("stuck", "1")
        .input(TensorSpec.of("input_ids", ElementType.INT64, TensorSpec.FREE, TensorSpec.FREE))
        .input(TensorSpec.of("attention_mask", ElementType.INT64, TensorSpec.FREE, TensorSpec.FREE))
        .output(TensorSpec.of("last_hidden_state", ElementType.FLOAT, TensorSpec.FREE, TensorSpec.FREE, 4))
        .build();
    FakeModelRuntime runtime = FakeModelRuntime.controlled(signature, (inputs, control) -> {
      while (!control.isTerminated()) {
        LockSupport.parkNanos(100_000);
      }
      throw new ModelExecutionException("stuck", "1", "run", new IllegalStateException("terminated"));
    });
    TextEmbedder embedder = TextEmbedder.builder("stuck").model(MonitoredModel.builder("stuck").runtime(runtime))
        .tokenizer(new WordTokenizer()).build();
    CompletableFuture<float[]> stuck = CompletableFuture.supplyAsync(() -> embedder.embed("red"), pool);
    Poll.until(() -> runtime.running() == 1);

    assertThat(embedder.shutdown(Duration.ofMillis(20))).isFalse();

    assertThat(runtime.terminateRequests()).isEqualTo(1);
    assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ModelClosedException.class);
    Poll.until(() -> runtime.closes() == 1);
    assertThat(runtime.closesWhileRunning()).isZero();
    assertThat(embedder.health()).isEqualTo(HealthStatus.down("embedder is closed"));
  }

  @Test
  void shutdown_refusesANegativeTimeout() {
    TextEmbedder embedder = owning("words");

    assertThatThrownBy(() -> embedder.shutdown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be >= 0, but was PT-1S");
    assertThat(embedder.isClosed()).isFalse();
  }

  @Test
  void aNullText_isRefusedBeforeTheEmbedderCountsTheCall() {
    TextEmbedder embedder = owning("words");
    List<String> withNull = new ArrayList<>(List.of("red"));
    withNull.add(null);

    assertThatThrownBy(() -> embedder.embedAll(withNull)).isInstanceOf(NullPointerException.class)
        .hasMessage("a text is null");
    assertThat(embedder.shutdown(Duration.ZERO)).isTrue();
  }
}
