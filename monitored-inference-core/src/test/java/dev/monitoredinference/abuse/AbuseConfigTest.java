package dev.monitoredinference.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.monitoredinference.CallerId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Settings fail fast and name the bad value; the caller never appears raw. */
class AbuseConfigTest {
  @Test
  void settersRefuseBadValues_namingThem() {
    AbuseConfig config = AbuseConfig.ofDefaults();
    assertThatThrownBy(() -> config.maxCallers(0)).hasMessage("maxCallers must be > 0, but was 0");
    assertThatThrownBy(() -> config.flooding(0, Duration.ofMinutes(1)))
        .hasMessage("floodCalls must be > 0, but was 0");
    assertThatThrownBy(() -> config.flooding(10, Duration.ZERO)).hasMessage("rateWindow must be > 0, but was PT0S");
    assertThatThrownBy(() -> config.extractionNovelty(0.4))
        .hasMessage("extractionNovelty must be in [0.5, 1], but was 0.4");
    assertThatThrownBy(() -> config.sweepThreshold(1)).hasMessage("sweepThreshold must be in [0, 1), but was 1.0");
    assertThatThrownBy(() -> config.rejectedShare(1.5, 20))
        .hasMessage("maxRejectedShare must be in (0, 1), but was 1.5");
    assertThatThrownBy(() -> config.throttleCalls(-1)).hasMessage("throttleCalls must be >= 0, but was -1");
    assertThatThrownBy(() -> config.duplicateRadius(Double.NaN))
        .hasMessage("duplicateRadius must be >= 0, but was NaN");
    assertThat(config.enforcement(Enforcement.REFUSE).enforcement()).isEqualTo(Enforcement.REFUSE);
    assertThat(config.enforcement()).isEqualTo(Enforcement.OBSERVE);
  }

  @Test
  void callerIds_areHashedOnce_andShownAsAPrefixOnly() {
    CallerId caller = CallerId.of("alice@example.com");
    assertThat(caller).isEqualTo(CallerId.of("alice@example.com")).isNotEqualTo(CallerId.of("bob"));
    assertThat(caller.hashPrefix()).matches("[0-9a-f]{8}");
    assertThat(caller.toString()).isEqualTo("CallerId[" + caller.hashPrefix() + "]").doesNotContain("alice");
    assertThat(CallerId.anonymous().isAnonymous()).isTrue();
    assertThat(CallerId.anonymous().hashPrefix()).isEqualTo("-");
    assertThatThrownBy(() -> CallerId.of("")).hasMessage("id must not be empty");
  }

  @Test
  void anEvent_isOneJsonLine_withTheCallerAsAHashPrefix() {
    CallerId caller = CallerId.of("alice@example.com");
    AbuseEvent event = AbuseEvent.of("ranker", caller, AbuseKind.SUSPECTED_EXTRACTION, "novelty", 1.0, 0.97,
        64, Instant.parse("2026-12-03T05:00:00Z"));
    assertThat(event.toJson()).isEqualTo("{\"event\":\"monitored.inference.abuse\",\"model\":\"ranker\","
        + "\"caller\":\"" + caller.hashPrefix() + "\",\"kind\":\"suspected_extraction\",\"evidence\":\"novelty\","
        + "\"observed\":1.0,\"threshold\":0.97,\"calls\":64,\"time\":\"2026-12-03T05:00:00Z\"}");
  }
}
