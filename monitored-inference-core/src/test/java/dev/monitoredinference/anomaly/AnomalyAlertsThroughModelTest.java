package dev.monitoredinference.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.monitoredinference.ChainStages;
import dev.monitoredinference.Fakes;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.Tensor;
import dev.monitoredinference.health.HealthState;
import dev.monitoredinference.internal.call.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Alerts, gauges and log lines through MonitoredModel, with a fake runtime and a test ticker. */
class AnomalyAlertsThroughModelTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long WINDOW = Duration.ofSeconds(10).toNanos();

  private final AtomicLong ticker = new AtomicLong();
  private final AtomicLong latency = new AtomicLong(4_000_000);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Alert> heard = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
  private final Logger alertLogger = (Logger) LoggerFactory.getLogger(AlertDispatcher.LOGGER);
  private int windows;

  AnomalyAlertsThroughModelTest() {
    logLines.start();
    alertLogger.addAppender(logLines);
  }

  @AfterEach
  void detach() {
    alertLogger.detachAppender(logLines);
  }

  private AnomalyConfig detection() {
    return AnomalyConfig.ofDefaults().window(Duration.ofSeconds(10)).ticker(ticker::get)
        .clock(Clock.fixed(T0, ZoneOffset.UTC));
  }

  private MonitoredModel model(boolean withMetrics) {
    var builder = MonitoredModel.builder("ranker")
        .runtime(Fakes.ranker(in -> {
          ticker.addAndGet(latency.get());
          return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
        }))
        .anomalies(detection())
        .alertListener(alert -> {
          throw new IllegalStateException("a broken pager");
        })
        .alertListener(heard::add);
    return withMetrics ? builder.metrics(registry).build() : builder.build();
  }

  /** 120 calls, then the ticker moves to the window's end; the next call closes the window. */
  private void window(MonitoredModel model) {
    for (int i = 0; i < 120; i++) {
      Prediction prediction = model.predict(Fakes.ONE_ROW);
      assertThat(prediction.floatArray("score")).containsExactly(1f);
    }
    windows++;
    ticker.set(windows * WINDOW);
  }

  private double state(String signal) {
    return registry.get("monitored.inference.anomaly.state")
        .tags("model", "ranker", "signal", signal).gauge().value();
  }

  private static final double P95_4MS = (7 * 524_288 + 0.95 * 524_288) / 1e9;
  private static final double P95_8MS = (7 * 1_048_576 + 0.95 * 1_048_576) / 1e9;

  @Test
  void latencyDoubling_firesOnTheThirdWindow_throughTheModel_andResolvesAfterFiveCalmOnes()
      throws Exception {
    MonitoredModel model = model(true);
    for (int i = 0; i < 10; i++) {
      window(model);
    }
    latency.set(8_000_000);
    for (int i = 0; i < 3; i++) {
      window(model);
    }
    assertThat(heard).isEmpty(); // the third window has ended, but no call has closed it yet

    model.predict(Fakes.ONE_ROW); // closes it, and still answers despite the throwing listener
    assertThat(heard).hasSize(1);
    Alert firing = heard.get(0);
    assertThat(firing.model()).isEqualTo("ranker");
    assertThat(firing.version()).isEqualTo("7");
    assertThat(firing.signal()).isEqualTo(AnomalySignal.LATENCY);
    assertThat(firing.state()).isEqualTo(Alert.State.FIRING);
    assertThat(firing.observed()).isCloseTo(P95_8MS, within(1e-15));
    assertThat(firing.baseline()).isCloseTo(P95_4MS, within(1e-15));
    assertThat(firing.zScore()).isCloseTo(Math.log(2) / 0.1, within(1e-9));
    assertThat(firing.windowEnd()).isEqualTo(T0.plusSeconds(130));
    assertThat(state("latency")).isEqualTo(1.0);
    assertThat(state("errors")).isZero();
    assertThat(state("throughput")).isZero();
    assertThat(model.anomalies().anomalousSignals()).containsExactly(AnomalySignal.LATENCY);
    assertThat(model.health().state()).isEqualTo(HealthState.DEGRADED);
    assertThat(model.health().reasons()).containsExactly("anomaly: latency");
    assertThat(model.anomalies().listenerFailures()).isEqualTo(1);

    latency.set(4_000_000);
    for (int i = 0; i < 5; i++) {
      window(model);
    }
    assertThat(heard).hasSize(1); // four calm windows closed by calls; the fifth is not yet
    model.anomalies().evaluate();
    assertThat(heard).extracting(Alert::state)
        .containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
    assertThat(heard.get(1).windowEnd()).isEqualTo(T0.plusSeconds(180));
    assertThat(heard.get(1).baseline()).isEqualTo(firing.baseline()); // frozen while anomalous
    assertThat(state("latency")).isZero();
    assertThat(model.anomalies().anomalousSignals()).isEmpty();
    assertThat(model.health().state()).isEqualTo(HealthState.UP);
    assertThat(model.anomalies().listenerFailures()).isEqualTo(2);

    assertThat(logLines.list).extracting(event -> event.getLevel().toString())
        .containsExactly("WARN", "INFO");
    Map<String, Object> fired = AlertJsonTest.parse(logLines.list.get(0).getFormattedMessage());
    assertThat(fired).containsEntry("model", "ranker").containsEntry("model.version", "7")
        .containsEntry("signal", "latency").containsEntry("state", "FIRING")
        .containsEntry("window_end", "2026-01-01T00:02:10Z");
    assertThat((Double) fired.get("observed")).isCloseTo(P95_8MS, within(1e-15));
    assertThat(AlertJsonTest.parse(logLines.list.get(1).getFormattedMessage()))
        .containsEntry("state", "RESOLVED").containsEntry("window_end", "2026-01-01T00:03:00Z");

    model.close();
    assertThat(registry.find("monitored.inference.anomaly.state").meters()).isEmpty();
  }

  @Test
  void aModelWithoutMetrics_stillAlertsItsListeners() {
    MonitoredModel model = model(false);
    for (int i = 0; i < 10; i++) {
      window(model);
    }
    latency.set(8_000_000);
    for (int i = 0; i < 3; i++) {
      window(model);
    }
    model.anomalies().evaluate();
    assertThat(heard).extracting(Alert::signal, Alert::state)
        .containsExactly(tuple(AnomalySignal.LATENCY, Alert.State.FIRING));
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void detection_sitsRightInsideRequestTiming_andOffAddsNoLink() {
    MonitoredModel on = model(true);
    assertThat(ChainStages.of(on)).containsSubsequence(Stage.REQUEST_METRICS, Stage.ANOMALY)
        .startsWith(Stage.REQUEST_METRICS, Stage.REQUEST_METRICS, Stage.ANOMALY);
    on.close();

    MonitoredModel off = MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
        .metrics(registry).build();
    assertThat(ChainStages.of(off)).hasSize(ChainStages.of(on).size() - 1).doesNotContain(Stage.ANOMALY);
    assertThat(off.anomalies()).isSameAs(AnomalyDetector.disabled());
    assertThat(off.anomalies().anomalousSignals()).isEmpty();
    off.anomalies().evaluate();
    assertThat(registry.find("monitored.inference.anomaly.state").meters()).isEmpty();
  }

  @Test
  void alertListenersWithoutAnomalies_areRefusedAtBuild() {
    assertThatThrownBy(() -> MonitoredModel.builder("ranker").runtime(Fakes.summingRanker())
            .alertListener(heard::add).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model 'ranker' was given 1 alert listener(s) but no anomalies(...) to alert"
            + " them; add anomalies(AnomalyConfig.ofDefaults())");
  }

  @Test
  void aListenerThatCallsBackIn_doesNotCloseAWindowTwice() {
    AtomicReference<MonitoredModel> self = new AtomicReference<>();
    MonitoredModel model = MonitoredModel.builder("ranker")
        .runtime(Fakes.ranker(in -> {
          ticker.addAndGet(latency.get());
          return Map.of("score", Tensor.ofFloats(new float[] {1f}, 1, 1));
        }))
        .anomalies(detection())
        .alertListener(alert -> {
          self.get().predict(Fakes.ONE_ROW);
          self.get().anomalies().evaluate();
        })
        .alertListener(heard::add)
        .build();
    self.set(model);
    for (int i = 0; i < 10; i++) {
      window(model);
    }
    latency.set(8_000_000);
    for (int i = 0; i < 3; i++) {
      window(model);
    }
    model.anomalies().evaluate();
    assertThat(heard).extracting(Alert::windowEnd).containsExactly(T0.plusSeconds(130));
    assertThat(model.anomalies().listenerFailures()).isZero();
  }
}
