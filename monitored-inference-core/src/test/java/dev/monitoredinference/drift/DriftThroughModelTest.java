package dev.monitoredinference.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.monitoredinference.ChainStages;
import dev.monitoredinference.Fakes;
import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.internal.EventDispatcher;
import dev.monitoredinference.internal.call.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Drift as a link of a model's chain: the queue, the thread, the report, meters and events. */
class DriftThroughModelTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<DriftEvent> events = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
  private final Logger eventLogger = (Logger) LoggerFactory.getLogger(EventDispatcher.LOGGER);
  private final Random random = new Random(9);
  private final List<MonitoredModel> models = new ArrayList<>();

  @BeforeEach
  void captureLog() {
    logLines.start();
    eventLogger.addAppender(logLines);
  }

  @AfterEach
  void close() {
    eventLogger.detachAppender(logLines);
    models.forEach(MonitoredModel::close);
  }

  @Test
  void calls_reachTheDriftThread_andTheReportScoresEachWindowAgainstTheCapturedBaseline()
      throws Exception {
    MonitoredModel model = model(config().build());
    predict(model, 4, 0);
    model.drift().awaitIdle();
    assertThat(model.driftReport().status()).isEqualTo(DriftReport.Status.SCORED);
    predict(model, 4, 3);
    model.drift().awaitIdle();

    DriftReport report = model.driftReport();
    assertThat(report.windowSamples()).isEqualTo(400);
    assertThat(report.modelVersion()).isEqualTo("7");
    assertThat(report.drifted()).containsExactly("price", "score");
    assertThat(report.driftedShare()).isEqualTo(2.0 / 3);
    BaselineProvenance baseline = report.baseline().orElseThrow();
    assertThat(baseline.source()).isEqualTo(BaselineProvenance.Source.CAPTURED);
    assertThat(baseline.modelDigest()).isEqualTo(Fakes.RANKER_V7.digest());
    assertThat(baseline.samples()).isEqualTo(400);
    FeatureDrift price = report.feature("price").orElseThrow();
    assertThat(registry.get("monitored.inference.drift.score")
        .tags("model", "ranker", "model.version", "7", "feature", "price", "method", "ks")
        .gauge().value()).isEqualTo(price.ks());
    assertThat(registry.get("monitored.inference.drift.samples")
        .tags("model", "ranker", "model.version", "7", "feature", "ctr").gauge().value())
        .isEqualTo(400);
    assertThat(registry.find("monitored.inference.drift.score").tag("feature", "price").gauges())
        .hasSize(FeatureKind.NUMERIC.methods().size());
  }

  @Test
  void aDriftedWindow_degradesHealthNamingTheFeatures_untilACleanWindow_andDetectedGaugeFollows()
      throws Exception {
    MonitoredModel model = model(config().build());
    assertThat(detected("price")).isNaN(); // no window yet
    predict(model, 4, 0);
    model.drift().awaitIdle();
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
    predict(model, 4, 3);
    model.drift().awaitIdle();

    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    assertThat(model.health().reasons())
        .containsExactly("drift in version 7: price, score (2 of 3 features)");
    assertThat(detected("price")).isEqualTo(1.0);
    assertThat(detected("ctr")).isEqualTo(0.0);

    predict(model, 4, 0);
    model.drift().awaitIdle();
    assertThat(model.driftReport().drifted()).isEmpty();
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
    assertThat(detected("price")).isEqualTo(0.0);
  }

  @Test
  void degradeHealthAbove_aShareOfFeatures_leavesHealthUpBelowIt_andRejectsOutOfRange()
      throws Exception {
    MonitoredModel model = model(config().degradeHealthAbove(2.0 / 3).build());
    predict(model, 4, 0);
    predict(model, 4, 3);
    model.drift().awaitIdle();

    assertThat(model.driftReport().driftedShare()).isEqualTo(2.0 / 3);
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
    assertThatThrownBy(() -> config().degradeHealthAbove(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("degradeHealthAbove must be in [0, 1], but was 1.5");
    assertThatThrownBy(() -> config().degradeHealthAbove(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private double detected(String feature) {
    return registry.get("monitored.inference.drift.detected")
        .tags("model", "ranker", "model.version", "7", "feature", feature).gauge().value();
  }

  @Test
  void driftEvents_fireOnceAndResolveWithHysteresis_andAreLoggedAsOneJsonLineEach()
      throws Exception {
    MonitoredModel model = model(config().build());
    predict(model, 4, 0);
    predict(model, 4, 3);
    predict(model, 4, 3);
    predict(model, 4, 0);
    model.drift().awaitIdle();

    assertThat(events).extracting(DriftEvent::feature, DriftEvent::state).containsExactly(
        tuple("price", DriftEvent.State.FIRING), tuple("score", DriftEvent.State.FIRING),
        tuple("price", DriftEvent.State.RESOLVED), tuple("score", DriftEvent.State.RESOLVED));
    assertThat(logLines.list).hasSize(4);
    Map<String, String> fields = parse(logLines.list.get(0).getFormattedMessage());
    assertThat(fields).containsEntry("event", "monitored.inference.drift")
        .containsEntry("model", "ranker").containsEntry("model.version", "7")
        .containsEntry("feature", "price").containsEntry("state", "FIRING")
        .containsEntry("method", "ks").containsEntry("samples", "200"); // the first sub-window
    assertThat(Double.parseDouble(fields.get("score")))
        .isGreaterThan(Double.parseDouble(fields.get("threshold")));
    assertThat(logLines.list.get(0).getLevel().toString()).isEqualTo("WARN");
    assertThat(logLines.list.get(2).getLevel().toString()).isEqualTo("INFO");
  }

  @Test
  void aThrowingListener_isCountedAndTheNextListenerStillHears() throws Exception {
    List<DriftEvent> heard = new ArrayList<>();
    MonitoredModel model = MonitoredModel.builder("ranker")
        .runtime(Fakes.summingRanker())
        .drift(config().build())
        .driftListener(event -> {
          throw new IllegalStateException("listener bug");
        })
        .driftListener(heard::add)
        .build();
    models.add(model);
    predict(model, 4, 0);
    predict(model, 2, 3);
    model.drift().awaitIdle();

    assertThat(heard).extracting(DriftEvent::feature).containsExactly("price", "score");
    assertThat(model.drift().listenerFailures()).isEqualTo(2);
    assertThat(model.predict(Inputs.of("features", new float[][] {{1, 2}})).floatArray("score"))
        .containsExactly(3f);
  }

  @Test
  void fullQueue_dropsAndCountsCalls_withoutBlockingThem() throws Exception {
    MonitoredModel model = model(config().queueCapacity(2).build());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    model.drift().execute(() -> {
      running.countDown();
      awaitQuietly(release);
    });
    running.await();

    predict(model, 10, 0); // returns although the drift thread is stuck

    assertThat(model.drift().dropped()).isEqualTo(8);
    assertThat(registry.get("monitored.inference.drift.dropped").tags("model", "ranker")
        .functionCounter().count()).isEqualTo(8);
    assertThat(model.drift().shed()).isZero(); // dropped for a full queue, not shed for CPU
    assertThat(registry.get("monitored.inference.drift.shed").tags("model", "ranker")
        .functionCounter().count()).isZero();
    release.countDown();
    model.drift().awaitIdle();
    assertThat(model.driftReport().windowSamples()).isEqualTo(200); // the two queued calls
  }

  @Test
  void sampleRate_sketchesAboutThatShareOfCalls() throws Exception {
    MonitoredModel model = model(config().sampleRate(0.25).baseline(Baseline.capture(100_000))
        .build());
    for (int c = 0; c < 4_000; c++) {
      model.predict(Inputs.of("features", new float[][] {{1, 2}}));
    }
    model.drift().awaitIdle();

    // binomial(4000, 0.25): mean 1000, σ 27; the bounds are 7σ away
    assertThat(model.driftReport().windowSamples()).isBetween(810L, 1190L);
    assertThat(model.drift().dropped()).isZero();
  }

  @Test
  void timeWindows_rotateOnTheInjectedTicker_evenWithoutCalls() throws Exception {
    AtomicLong ticker = new AtomicLong();
    MonitoredModel model = model(DriftConfig.builder()
        .features("features", List.of("price", "ctr"))
        .window(Duration.ofSeconds(60)).subWindows(3)
        .baseline(Baseline.capture(400))
        .ticker(ticker::get).clock(Clock.fixed(START, ZoneOffset.UTC))
        .build());
    predict(model, 6, 0);
    model.drift().awaitIdle();
    assertThat(model.driftReport().features()).isEmpty();

    ticker.addAndGet(Duration.ofSeconds(20).toNanos());
    model.drift().evaluate();
    model.drift().awaitIdle();

    DriftReport report = model.driftReport();
    assertThat(report.windowEnd()).contains(START.plusSeconds(20));
    assertThat(report.windowSamples()).isEqualTo(200);
    assertThat(report.features()).extracting(FeatureDrift::name).containsExactly("price", "ctr");
  }

  @Test
  void aShippedBaseline_servesANewModelAsLoaded_withItsProvenance() throws Exception {
    MonitoredModel first = model(config().build());
    predict(first, 4, 0);
    first.drift().awaitIdle();
    byte[] bytes = first.drift().baselineBytes();
    first.close();

    MonitoredModel second = model(config().baseline(Baseline.from(bytes)).build());
    predict(second, 4, 3);
    second.drift().awaitIdle();

    DriftReport report = second.driftReport();
    assertThat(report.drifted()).containsExactly("price", "score");
    BaselineProvenance provenance = report.baseline().orElseThrow();
    assertThat(provenance.source()).isEqualTo(BaselineProvenance.Source.LOADED);
    assertThat(provenance.pinned()).isTrue();
    assertThat(provenance.samples()).isEqualTo(400);
  }

  @Test
  void aLoadedBaselineWithoutAConfiguredFeature_failsTheBuild() throws Exception {
    MonitoredModel first = model(config().build());
    predict(first, 4, 0);
    first.drift().awaitIdle();
    Baseline baseline = Baseline.from(first.drift().baselineBytes());

    assertThatThrownBy(() -> MonitoredModel.builder("other").runtime(Fakes.summingRanker())
        .drift(DriftConfig.builder().features("features", List.of("price", "dwell"))
            .baseline(baseline).build())
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no NUMERIC feature 'dwell'");
  }

  @Test
  void withoutDrift_thereIsNoLink_andTheReportIsDisabled() {
    MonitoredModel model = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker()).build();
    models.add(model);

    assertThat(ChainStages.of(model)).doesNotContain(Stage.DRIFT);
    assertThat(model.driftReport().status()).isEqualTo(DriftReport.Status.DISABLED);
    assertThat(model.drift()).isSameAs(DriftMonitor.disabled());
  }

  @Test
  void aDriftListenerWithoutDrift_isRejected() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .driftListener(event -> {}).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' was given 1 drift listener(s) but no drift(...) to alert them");
  }

  @Test
  void closingTheModel_removesTheDriftGauges() {
    MonitoredModel model = model(config().build());
    model.close();

    assertThat(registry.find("monitored.inference.drift.score").gauges()).isEmpty();
    assertThat(registry.find("monitored.inference.drift.samples").gauges()).isEmpty();
  }

  private DriftConfigBuilder config() {
    return DriftConfig.builder()
        .features("features", List.of("price", "ctr"))
        .outputs("score")
        .baseline(Baseline.capture(400))
        .windowSamples(400)
        .subWindows(2);
  }

  private MonitoredModel model(DriftConfig config) {
    MonitoredModel model = MonitoredModel.builder("ranker")
        .runtime(Fakes.summingRanker())
        .metrics(registry)
        .drift(config)
        .driftListener(events::add)
        .build();
    models.add(model);
    return model;
  }

  /** {@code calls} calls of 100 rows; price shifted by {@code shift}. */
  private void predict(MonitoredModel model, int calls, double shift) {
    for (int c = 0; c < calls; c++) {
      float[][] rows = new float[100][2];
      for (float[] row : rows) {
        row[0] = (float) (random.nextGaussian() + shift);
        row[1] = (float) random.nextGaussian();
      }
      model.predict(Inputs.of("features", rows));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> parse(String line) throws Exception {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(line)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        fields.put(name, parser.getText());
      }
      assertThat(parser.nextToken()).isNull();
    }
    return fields;
  }
}
