package dev.monitoredinference.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.MonitoredModel;
import dev.monitoredinference.Prediction;
import dev.monitoredinference.outcomes.Outcome;
import dev.monitoredinference.outcomes.OutcomeConfig;
import dev.monitoredinference.outcomes.OutcomeTracker;
import dev.monitoredinference.testing.TestModels;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Prediction ids and item ids given to the outcome tracker never reach meters (names, tags,
 * values), spans or log lines: 500 searches with metrics, tracing and log capture on, with
 * credited, duplicate, unknown and expired outcomes.
 */
class OutcomeIdsPrivacyTest {
  @Test
  void predictionAndItemIds_neverReachMetersSpansOrLogs() {
    CapturedTelemetry telemetry = new CapturedTelemetry();
    AtomicLong ticker = new AtomicLong();
    List<String> secrets = new ArrayList<>();
    String metersAsText;
    try (MonitoredModel model = MonitoredModel.builder("ranker")
        .modelBytes(TestModels.linearScorer(new float[] {1f, 2f}, 0f))
        .metrics(telemetry.registry)
        .outcomes(OutcomeConfig.ofDefaults().ticker(ticker::get))
        .addInterceptor(InferenceTelemetry.create(telemetry.otel).interceptor())
        .build()) {
      OutcomeTracker outcomes = model.outcomes();
      for (int i = 0; i < 500; i++) {
        Prediction p = model.predict(Inputs.of("features", new float[][] {{1f, 2f}}));
        List<String> items = List.of("sku-private-" + i, "sku-hidden-" + i);
        secrets.add(p.id());
        secrets.addAll(items);
        outcomes.served(p, items);
        outcomes.record(p.id(), items.get(i % 2), Outcome.CLICK);
        outcomes.record(p.id(), items.get(i % 2), Outcome.CLICK); // duplicate
        String forged = "user-typed-id-" + i;
        secrets.add(forged);
        outcomes.record(forged, items.get(0), Outcome.PURCHASE, 10); // unknown
      }
      ticker.addAndGet(Duration.ofHours(1).toNanos());
      outcomes.record(secrets.get(0), secrets.get(1), Outcome.PURCHASE, 10); // expired
      metersAsText = telemetry.registry.getMetersAsString();
      assertThat(telemetry.registry.get("monitored.inference.outcome.searches").tag("variant", "control")
          .functionCounter().count()).isEqualTo(500);
      assertThat(telemetry.registry.get("monitored.inference.outcome.dropped").tag("reason", "unknown")
          .functionCounter().count()).isEqualTo(500);
      assertThat(telemetry.registry.get("monitored.inference.outcome.dropped").tag("reason", "expired")
          .functionCounter().count()).isEqualTo(1);
    } finally {
      telemetry.close();
    }
    List<SpanData> finished = telemetry.finish();
    List<String> emitted = new ArrayList<>();
    emitted.add(metersAsText);
    for (SpanData span : finished) {
      emitted.add(span.toString());
    }
    emitted.addAll(telemetry.logLines());

    assertThat(finished).hasSize(500);
    for (String text : emitted) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }
}
