package dev.monitoredinference.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.monitoredinference.Inputs;
import dev.monitoredinference.ModelVersion;
import dev.monitoredinference.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipping thread's encoding: latency digits and the prefix cache across versions. */
class PredictionRecordTest {
  private static final Inputs ROW = Inputs.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1));

  @Test
  void latency_isMillisecondsWithSixDecimals() {
    assertThat(millis(0)).isEqualTo("0.000000");
    assertThat(millis(7)).isEqualTo("0.000007");
    assertThat(millis(412_345)).isEqualTo("0.412345");
    assertThat(millis(1_234_567_890L)).isEqualTo("1234.567890");
  }

  @Test
  void eachRecord_startsWithItsOwnModelVersionAndOperation_beyondTheCachesEightEntries() {
    PredictionRecord.Prefixes prefixes = new PredictionRecord.Prefixes("pod-a");
    ModelVersion[] versions = new ModelVersion[10]; // more than the cache holds
    for (int v = 0; v < versions.length; v++) {
      versions[v] = ModelVersion.builder("m" + v % 2, "v" + v).digest("sha256:" + "ab".repeat(32))
          .build();
    }
    int[] order = {0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}; // hits, then replacements
    for (int round = 0; round < 3; round++) {
      for (int v : order) {
        String operation = v % 3 == 0 ? "embed" : "predict";
        PredictionRecord record = PredictionRecord.capture("m" + v % 2, operation, versions[v],
            "none", 1_000, 0, ROW, null, Redaction.none());
        StringBuilder json = new StringBuilder();
        record.appendJson(json, prefixes.of(record), Redaction.none(), 1_000_000L);
        assertThat(PredictionLogTest.parse(json.toString().getBytes(StandardCharsets.UTF_8)))
            .containsAllEntriesOf(Map.of("model", "m" + v % 2, "version", "v" + v,
                "operation", operation, "replica", "pod-a", "digest", "abababababab",
                "latency_ms", 0.001, "timestamp_ms", 1_000_000L))
            .doesNotContainKey("inputs.0.name");
      }
    }
  }

  /**
   * Callers read no wall clock: the shipper turns the call's end (a nanoTime) into wall time from
   * one reading of both clocks, rounding down once, as currentTimeMillis() at the end would.
   */
  @Test
  void theTimestamp_isTheCallsEnd_onTheWallClockTheShipperRead_roundedDownOnce() {
    PredictionRecord record = PredictionRecord.capture("m", "predict",
        ModelVersion.builder("m", "v1").build(), "none", 1_000, 5_000_000_000L, ROW, null,
        Redaction.none());
    long wall = 1_700_000_000_000_400_000L; // 1_700_000_000_000 ms and 0.4 ms

    assertThat(record.timestampMillis(wall, 5_000_000_000L)).isEqualTo(1_700_000_000_000L);
    assertThat(record.timestampMillis(wall, 5_000_400_000L)).isEqualTo(1_700_000_000_000L);
    assertThat(record.timestampMillis(wall, 5_000_400_001L)).isEqualTo(1_699_999_999_999L);
    assertThat(record.timestampMillis(wall, 5_250_900_000L)).isEqualTo(1_699_999_999_749L);
  }

  private static String millis(long nanos) {
    StringBuilder json = new StringBuilder();
    PredictionRecord.millis(json, nanos);
    return json.toString();
  }
}
